/** Reads the EU controlled-vocabulary XSDs of the reference data: URI → English label. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const cv = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/specs/edc/cv');

export function xsdConcepts(file: string): Map<string, string> {
  const xsd = readFileSync(resolve(cv, file), 'utf8');
  const pattern =
    /<xs:enumeration value="([^"]+)">\s*<xs:annotation>\s*<xs:documentation>([\s\S]*?)<\/xs:documentation>/g;
  return new Map(
    [...xsd.matchAll(pattern)].map((m) => [m[1] as string, (m[2] as string).replace(/\s+/g, ' ').trim()]),
  );
}
