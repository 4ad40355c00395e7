import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import mongoose from 'mongoose';
import { isStoreUnavailable } from '../../src/infra/mongo.js';
import { isRefusal, StoreDownError, watchStoreHealth } from '../../src/infra/store-health.js';

const { MongoNetworkError, MongoNetworkTimeoutError, MongoServerError } = mongoose.mongo;

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
  const refused = () => new MongoNetworkError('connect ECONNREFUSED');
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

describe('infra/store-health: down only while every server refused or dropped the heartbeat', () => {
  it('a refused or closed connection is a refusal; a timeout or a server error is not', () => {
    assert.equal(isRefusal(new MongoNetworkError('connect ECONNREFUSED 127.0.0.1:1')), true);
    assert.equal(isRefusal(new MongoNetworkError('connection 3 to 127.0.0.1:1 closed')), true);
    assert.equal(isRefusal(new MongoNetworkTimeoutError('connection timed out')), false);
    assert.equal(isRefusal(new MongoServerError({ message: 'not primary', code: 10107 })), false);
    assert.equal(isRefusal(new Error('ECONNREFUSED')), false, 'only what the driver says');
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

  it('a heartbeat that timed out (a busy or frozen store) is no refusal, and ends one', () => {
    const rs = replicaSet('a:1');
    rs.failed('a:1', new MongoNetworkTimeoutError('timed out'));
    assert.equal(rs.health.down(), false);
    rs.failed('a:1');
    assert.equal(rs.health.down(), true);
    rs.failed('a:1', new MongoNetworkTimeoutError('timed out'));
    assert.equal(rs.health.down(), false, 'answering late again: requests wait for it');
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
    client.emit('serverHeartbeatFailed', { connectionId: 'a:1', failure: new MongoNetworkError('x') });
    assert.equal(health.down(), false);
  });
});
