import { stopTestStore } from './store.js';

/** mocha root hook plugin: the shared test store lives for the whole run. */
export const mochaGlobalTeardown = async (): Promise<void> => {
  await stopTestStore();
};
