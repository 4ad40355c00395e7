import { join } from 'node:path';
import type { Config } from '../config.js';
import { startEmbeddedStore, type EmbeddedStore } from '../infra/embedded-store.js';
import type { Logger } from '../infra/logger.js';
import { connectStore, type Store } from '../infra/mongo.js';

/** MONGODB_URI when given, else the embedded store (stopped again when the connection fails). */
export async function openStore(
  config: Readonly<Config>,
  logger: Logger,
): Promise<{ store: Store; embeddedStore?: EmbeddedStore }> {
  if (config.mongodbUri)
    return { store: await connectStore(config.mongodbUri, logger.child({ component: 'store' })) };
  const embeddedStore = await startEmbeddedStore({
    binary: config.ferretdbBin,
    dataDir: join(config.dataDir, 'store'),
    port: config.embeddedStorePort,
    logger: logger.child({ component: 'embedded-store' }),
  });
  const store = await connectStore(`${embeddedStore.uri}tilts`, logger.child({ component: 'store' })).catch(
    async (error) => {
      await embeddedStore.stop();
      throw error;
    },
  );
  return { store, embeddedStore };
}
