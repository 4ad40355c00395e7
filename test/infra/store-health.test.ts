import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import mongoose from 'mongoose';
import { isStoreUnavailable } from '../../src/infra/mongo.js';
import { refusalWeight, StoreDownError, watchStoreHealth } from '../../src/infra/store-health.js';

const { MongoNetworkError, MongoNetworkTimeoutError, MongoServerError } = mongoose.mongo;

/** A connection refused, as the driver reports it (its cause is the socket's error). */
const refused = () =>
  new MongoNetworkError('connect ECONNREFUSED 127.0.0.1:1', {
    cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
  });
const dropped = () => new MongoNetworkError('connection 3 to 127.0.0.1:1 closed');

/**
 * The view fed the driver's own SDAM monitoring events, in the shapes and error classes the driver
 * emits (no replica set runs on this machine: its members are played here, the single FerretDB is
 * killed for real in store-fail-fast.test.ts).
 */
function replicaSet(...members: string[]) {
  const client = new EventEmitter();
  const health = watchStoreHealth(client as never);
  const changes: boolean[] = [];
  health.watch((down) => changes.push(down));
  client.emit('topologyDescriptionChanged', {
    newDescription: { servers: new Map(members.map((m) => [m, {}])) },
  });
  return {
    health,
    changes,
    failed: (member: string, failure: Error = refused()) =>
      client.emit('serverHeartbeatFailed', { connectionId: member, failure }),
    succeeded: (member: string) => client.emit('serverHeartbeatSucceeded', { connectionId: member }),
    members: (...now: string[]) =>
      client.emit('topologyDescriptionChanged', {
        newDescription: { servers: new Map(now.map((m) => [m, {}])) },
      }),
  };
}

describe('infra/store-health: down only while every server refuses the heartbeat (or dropped it twice)', () => {
  it('a refused connection weighs 2 (down at once), a dropped one 1; a timeout or a server error 0', () => {
    assert.equal(refusalWeight(refused()), 2);
    assert.equal(refusalWeight(dropped()), 1);
    assert.equal(refusalWeight(new MongoNetworkTimeoutError('connection timed out')), 0);
    assert.equal(refusalWeight(new MongoServerError({ message: 'not primary', code: 10107 })), 0);
    assert.equal(
      refusalWeight(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })),
      0,
      'only what the driver says',
    );
  });

  it('a view the monitor stops confirming expires: refused operations go back to the driver after freshMs', () => {
    const client = new EventEmitter();
    let clock = 1_000_000;
    const health = watchStoreHealth(client as never, { freshMs: 3000, now: () => clock });
    client.emit('topologyDescriptionChanged', { newDescription: { servers: new Map([['a:1', {}]]) } });
    client.emit('serverHeartbeatFailed', { connectionId: 'a:1', failure: refused() });
    assert.equal(health.down(), true);
    clock += 2500;
    client.emit('serverHeartbeatFailed', { connectionId: 'a:1', failure: refused() });
    clock += 2500;
    assert.equal(health.down(), true, 'each refusal confirms it');
    clock += 600;
    assert.equal(health.down(), false, 'no refusal for 3 s: not trusted any more');
    client.emit('serverHeartbeatFailed', { connectionId: 'a:1', failure: refused() });
    assert.equal(health.down(), true, 'the next refusal says it again');
  });

  it('one dropped heartbeat connection (a blip on a healthy store) is not down; two in a row are; a success between resets', () => {
    const rs = replicaSet('a:1');
    rs.failed('a:1', dropped());
    assert.equal(rs.health.down(), false);
    rs.succeeded('a:1');
    rs.failed('a:1', dropped());
    assert.equal(rs.health.down(), false, 'the success reset the count');
    rs.failed('a:1', dropped());
    assert.equal(rs.health.down(), true);
    assert.deepEqual(rs.changes, [true]);
  });

  it('StoreDownError is "store unavailable" (503), as the driver wait it replaces', () => {
    assert.equal(isStoreUnavailable(new StoreDownError()), true);
  });

  it('one member of three refused (a node down, an election among the others): not down', () => {
    const rs = replicaSet('a:1', 'b:1', 'c:1');
    rs.failed('a:1');
    rs.succeeded('b:1');
    assert.equal(rs.health.down(), false);
    rs.failed('b:1');
    assert.equal(rs.health.down(), false, 'c has not refused');
    assert.deepEqual(rs.changes, []);
  });

  it('every member refused: down; the first heartbeat that succeeds ends it', () => {
    const rs = replicaSet('a:1', 'b:1');
    rs.failed('a:1');
    rs.failed('b:1');
    assert.equal(rs.health.down(), true);
    rs.succeeded('b:1');
    assert.equal(rs.health.down(), false);
    assert.deepEqual(rs.changes, [true, false]);
  });

  it('a heartbeat that timed out (a busy or frozen store) neither starts nor ends "down": only a success ends it', () => {
    const rs = replicaSet('a:1');
    rs.failed('a:1', new MongoNetworkTimeoutError('timed out'));
    rs.failed('a:1', new MongoNetworkTimeoutError('timed out'));
    assert.equal(rs.health.down(), false, 'a slow store is waited for');
    rs.failed('a:1');
    assert.equal(rs.health.down(), true);
    rs.failed('a:1', new MongoNetworkTimeoutError('timed out'));
    assert.equal(rs.health.down(), true, 'a late connect after refusals says nothing of the store');
    rs.succeeded('a:1');
    assert.equal(rs.health.down(), false);
  });

  it('a member removed from the topology no longer counts; a new one counts once it refused', () => {
    const rs = replicaSet('a:1', 'b:1');
    rs.failed('a:1');
    rs.members('a:1');
    assert.equal(rs.health.down(), true, 'only a is left, and it refused');
    rs.members('a:1', 'c:1');
    assert.equal(rs.health.down(), false, 'c was never refused');
  });

  it('no topology known yet: not down', () => {
    const client = new EventEmitter();
    const health = watchStoreHealth(client as never);
    client.emit('serverHeartbeatFailed', { connectionId: 'a:1', failure: refused() });
    assert.equal(health.down(), false);
  });
});
