import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import { batchedInsert, duplicateKey } from '../../infra/mongo.js';
import { plain } from './mongo-types.js';
import type { Page, PageRequest } from './paging.js';

/**
 * CRUD for records owned by one issuer. Every query carries the issuer id, so a record of another
 * issuer is never found — callers turn "not found" into 404, not 403, and leak nothing.
 */
export interface ScopedRepository<R> {
  create(issuerId: string, fields: Record<string, unknown>): Promise<R>;
  get(issuerId: string, id: string): Promise<R | undefined>;
  /** any issuer's record by id — only for records that are public anyway (achievement definitions) */
  getPublic(id: string): Promise<R | undefined>;
  /** the first record of the issuer matching the filter */
  findOne(issuerId: string, filter: Record<string, unknown>): Promise<R | undefined>;
  list(issuerId: string, paging: PageRequest, filter?: Record<string, unknown>): Promise<Page<R>>;
  update(issuerId: string, id: string, fields: Record<string, unknown>): Promise<R | undefined>;
}

/**
 * One page of the records matching `query`, oldest first (`_id` breaks ties of one `createdAt`, so a
 * record never shows on two pages), with the total count read alongside the page rather than after it.
 */
async function listPage<D, R>(
  model: Model<D>,
  query: Record<string, unknown>,
  { page, pageSize }: PageRequest,
  toRecord: (doc: unknown) => R,
): Promise<Page<R>> {
  const [docs, total] = await Promise.all([
    model
      .find(query)
      .sort({ createdAt: 1, _id: 1 })
      .skip((page - 1) * pageSize)
      .limit(pageSize)
      .lean(),
    model.countDocuments(query),
  ]);
  return { items: docs.map(toRecord), page, pageSize, total };
}

export function createScopedRepository<D extends { _id: string }, R>(model: Model<D>): ScopedRepository<R> {
  const toRecord = (doc: unknown): R => plain<R>(doc as Record<string, unknown>);
  const insert = batchedInsert(model);
  return {
    async create(issuerId, fields) {
      // a caller may mint the id itself (to note it elsewhere before the record exists)
      const { inserted, doc } = await insert({ _id: randomUUID(), ...fields, issuerId });
      if (!inserted) throw duplicateKey();
      return toRecord(doc);
    },
    /** by `_id` alone, the issuer checked in code: FerretDB scans for any other filter (DESIGN.md §4) */
    async get(issuerId, id) {
      const doc = (await model.findById(id).lean()) as { issuerId?: string } | null;
      return doc?.issuerId === issuerId ? toRecord(doc) : undefined;
    },
    async getPublic(id) {
      const doc = await model.findById(id).lean();
      return doc ? toRecord(doc) : undefined;
    },
    async findOne(issuerId, filter) {
      const doc = await model.findOne({ ...filter, issuerId }).lean();
      return doc ? toRecord(doc) : undefined;
    },
    async list(issuerId, paging, filter = {}) {
      return listPage(model, { ...filter, issuerId }, paging, toRecord);
    },
    async update(issuerId, id, fields) {
      const doc = await model
        .findOneAndUpdate(
          { _id: id, issuerId },
          { $set: fields },
          { returnDocument: 'after', runValidators: true },
        )
        .lean();
      return doc ? toRecord(doc) : undefined;
    },
  };
}
