// Checks that a FerretDB binary looks documents up by `_id` through SQLite's `_id` index (the patch
// applied by scripts/install-ferretdb.sh): runs it on a throw-away directory and port, stores one
// document, and asks FerretDB to EXPLAIN `find({_id})`, which answers with SQLite's query plan.
// Usage: node scripts/check-ferretdb-id-index.mjs <ferretdb binary>. Exit 0 when the index is used.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';

const binary = process.argv[2];
if (!binary) throw new Error('usage: check-ferretdb-id-index.mjs <ferretdb binary>');

const freePort = () =>
  new Promise((done, fail) => {
    const server = createServer().on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });

const dir = mkdtempSync(join(tmpdir(), 'ferretdb-check-'));
const port = await freePort();
const child = spawn(
  binary,
  [
    '--handler=sqlite',
    `--sqlite-url=file:${dir}/`,
    `--state-dir=${dir}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--telemetry=disable',
    '--debug-addr=-',
    '--log-level=error',
  ],
  { stdio: 'ignore' },
);
const client = new mongoose.mongo.MongoClient(`mongodb://127.0.0.1:${port}/`, {
  serverSelectionTimeoutMS: 20000,
});
let plan;
try {
  const collection = client.db('check').collection('docs');
  await collection.insertMany([{ _id: 'a' }, { _id: 'b' }]);
  const explained = await collection.find({ _id: 'b' }).explain();
  plan = JSON.stringify(explained.queryPlanner ?? explained);
  const found = await collection.findOne({ _id: 'b' });
  if (found?._id !== 'b') throw new Error('the _id lookup did not find the document');
} finally {
  await client.close();
  child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
if (!/USING INDEX \S*_id_/.test(plan)) {
  process.stderr.write(`check-ferretdb-id-index: _id lookups do not use the _id index; plan: ${plan}\n`);
  process.exit(1);
}
process.stdout.write('check-ferretdb-id-index: _id lookups use the _id index\n');
