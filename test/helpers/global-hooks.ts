import { proofComparisons } from './plain-proof.js';
import { stopTestStore } from './store.js';

/** mocha root hook plugin: the shared test store lives for the whole run. */
export const mochaGlobalTeardown = async (): Promise<void> => {
  await stopTestStore();
  const { compared, differing } = proofComparisons;
  if (compared > 0)
    console.log(
      `Data Integrity proofs compared with plain vc.issue(): ${compared}, differing: ${differing.length}${differing.length ? ` (${differing.join(', ')})` : ''}`,
    );
};
