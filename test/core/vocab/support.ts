/** Reads the EU controlled-vocabulary XSDs of the reference data: URI → English label. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const edc = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/specs/edc');
const cv = resolve(edc, 'cv');

export function xsdConcepts(file: string): Map<string, string> {
  const xsd = readFileSync(resolve(cv, file), 'utf8');
  const pattern =
    /<xs:enumeration value="([^"]+)">\s*<xs:annotation>\s*<xs:documentation>([\s\S]*?)<\/xs:documentation>/g;
  return new Map(
    [...xsd.matchAll(pattern)].map((m) => [m[1] as string, (m[2] as string).replace(/\s+/g, ' ').trim()]),
  );
}

/** Every English text ELM.ttl gives for `elm:idVerification` (its comments name its vocabulary). */
export function elmIdVerification(): string {
  const ttl = readFileSync(resolve(edc, 'ontology/ELM.ttl'), 'utf8');
  const blocks = ttl.split(/\n(?=elm:)/).filter((b) => b.startsWith('elm:idVerification'));
  const english = /(?:'''([^]*?)'''|"([^"]*)")@en\b/g;
  return blocks.flatMap((b) => [...b.matchAll(english)].map((m) => m[1] ?? m[2] ?? '')).join('\n');
}

export interface UsedConcept {
  id: string;
  inScheme: string;
  label?: string;
}

/** Every `idVerification` concept in the EU's reference credentials (EC samples, EBSI examples). */
export function euIdVerifications(): UsedConcept[] {
  const files = [
    'samples/Sample-MC-Annex1-unsigned.jsonld',
    'samples/Sample-CertOfPart-unsigned.jsonld',
    'ebsi/vcdm2.0-europass-edc-schema/examples/Microcredential - Data and software business.json',
    'ebsi/vcdm2.0-europass-edc-schema/examples/DigiComp Generic.json',
  ];
  const found: UsedConcept[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const concept = record.idVerification as Record<string, unknown> | undefined;
    if (concept && typeof concept.id === 'string') {
      const label = (concept.prefLabel as Record<string, string> | undefined)?.en;
      found.push({
        id: concept.id,
        inScheme: String((concept.inScheme as Record<string, unknown> | undefined)?.id),
        ...(label ? { label } : {}),
      });
    }
    Object.values(record).forEach(walk);
  };
  for (const file of files) walk(JSON.parse(readFileSync(resolve(edc, file), 'utf8')));
  return found;
}
