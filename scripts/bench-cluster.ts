/**
 * The node:cluster variant of `npm run bench`'s both-cores rows: BENCH_CLUSTER_WORKERS (2) copies of
 * src/main.ts, unchanged, as cluster workers sharing PORT (the primary hands each new connection to
 * the next worker), all on the store MONGODB_URI names. Measured against one process and the
 * JSON-LD worker pool, it did not issue faster on a 2-core machine, so the service has no such mode;
 * this keeps the comparison rerunnable. SIGTERM stops the workers, then this process.
 */
import cluster from 'node:cluster';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/config.js';

cluster.setupPrimary({ exec: join(PROJECT_ROOT, 'src/main.ts'), execArgv: ['--import', 'tsx'] });
const workers = Array.from({ length: Number(process.env.BENCH_CLUSTER_WORKERS ?? 2) }, () => cluster.fork());
let stopping = false;
for (const worker of workers)
  worker.once('exit', (code) => {
    if (stopping) return;
    process.stderr.write(`bench-cluster: a worker exited (${code}); stopping\n`);
    process.exit(1);
  });
process.on('SIGTERM', () => {
  stopping = true;
  for (const worker of workers) worker.process.kill('SIGTERM');
  void Promise.all(
    workers.map((w) => new Promise((done) => (w.isDead() ? done(0) : w.once('exit', done)))),
  ).then(() => process.exit(0));
});
