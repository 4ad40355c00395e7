import assert from 'node:assert/strict';
import { AppError, notFound, unlessNotFound } from '../src/errors.js';

describe('errors unlessNotFound', () => {
  it('turns a 404 into undefined and passes values through', async () => {
    assert.equal(await unlessNotFound(Promise.reject(notFound('Achievement'))), undefined);
    assert.equal(await unlessNotFound(Promise.resolve(7)), 7);
  });

  it('lets every other failure through, so a store outage is not read as "no such record"', async () => {
    const outage = Object.assign(new Error('connection lost'), { name: 'MongoNetworkError' });
    await assert.rejects(unlessNotFound(Promise.reject(outage)), /connection lost/);
    await assert.rejects(unlessNotFound(Promise.reject(new AppError('forbidden', 'no'))), AppError);
  });
});
