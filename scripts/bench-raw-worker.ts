/**
 * A worker thread of the "raw vc.issue() on both cores" row (scripts/bench-cores.ts): it builds the
 * same raw library as the bench process (scripts/bench-raw.ts) from the credential it is given, then
 * answers each message with one `vc.issue()`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { rawLibrary } from './bench-raw.js';

const port = parentPort;
if (!port) throw new Error('bench-raw-worker runs as a worker thread');
const lib = await rawLibrary(workerData as Record<string, unknown>);
port.on('message', () => {
  lib.issue().then(
    () => port.postMessage({ ok: true }),
    (error: unknown) => port.postMessage({ ok: false, error: String(error) }),
  );
});
port.postMessage({ ready: true });
