/**
 * npm run bench:edc — European Digital Credentials in process: parsing the EDC shapes (once, at
 * start), SHACL validation of a built EDC through our validator (JSON-LD → RDF → rdf-validate-shacl)
 * side by side with the raw library on an already parsed data graph, sealing, and verifying.
 * Prints medians; no assertions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import factory from 'rdf-validate-shacl/src/defaultEnv.js';
import { PROJECT_ROOT } from '../src/config.js';
import { buildEuropeanDigitalCredential } from '../src/core/edc/build-edc.js';
import { sealEdc } from '../src/core/edc/seal.js';
import { createShaclValidator } from '../src/core/edc/shacl.js';
import { verifyEdc } from '../src/core/edc/verify.js';
import { createSelfSignedSeal } from '../src/core/edc/x509.js';
import { CONTEXTS, packagedContexts } from '../src/core/jsonld/contexts.js';
import { createDocumentLoader } from '../src/core/jsonld/document-loader.js';
import { edcInput } from '../test/fixtures/edc/records.js';

const N = Number(process.env.BENCH_N ?? 30);
const ref = (f: string) => readFileSync(join(PROJECT_ROOT, 'data/reference/edc', f), 'utf8');
const median = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)] as number;

async function measure(name: string, work: () => Promise<unknown>): Promise<number> {
  await work();
  const ms: number[] = [];
  for (let i = 0; i < N; i += 1) {
    const t0 = performance.now();
    await work();
    ms.push(performance.now() - t0);
  }
  console.log(`${name.padEnd(44)} n=${N}  median ${median(ms).toFixed(1).padStart(7)} ms`);
  return median(ms);
}

const context = JSON.parse(ref('context/edc-ap-context.jsonld')) as Record<string, unknown>;
const contexts = packagedContexts();
contexts.set(CONTEXTS.EDC_AP, context);
const documentLoader = createDocumentLoader({ contexts });
const turtle = [ref('shapes/EDC-generic-no-cv.ttl'), ref('shapes/EDC-generic-full.ttl')];
const t0 = performance.now();
const validate = createShaclValidator({ turtle, context }, documentLoader);
console.log(`parse shapes + build validator (once)              ${(performance.now() - t0).toFixed(0)} ms`);

const credential = buildEuropeanDigitalCredential(edcInput(['en', 'lv', 'lt']));
const shapes = factory.dataset([...turtle.flatMap((t) => new Parser().parse(t))]);
const raw = new SHACLValidator(shapes, { factory, importGraph: () => factory.dataset() });
const nquads = (await jsonld.toRDF(credential, {
  format: 'application/n-quads',
  documentLoader,
})) as unknown as string;
const data = factory.dataset(new Parser({ format: 'N-Quads' }).parse(nquads));

const ours = await measure('validate EDC (ours: JSON-LD → RDF → SHACL)', () => validate(credential));
const lib = await measure('validate parsed graph (raw rdf-validate-shacl)', () => raw.validate(data));
console.log(`ratio ours / raw library                           ${(ours / lib).toFixed(2)}`);
const material = await createSelfSignedSeal({
  organization: 'Bench',
  organizationIdentifier: 'NTRLV-1',
  country: 'LV',
  notBefore: new Date(Date.now() - 60_000),
  notAfter: new Date(Date.now() + 86_400_000),
});
await measure('seal (JAdES B, ES256)', () => sealEdc(credential, material, new Date()));
const sealed = await sealEdc(credential, material, new Date());
await measure('verify sealed EDC (all checks)', () => verifyEdc(sealed, { validate, now: () => new Date() }));
