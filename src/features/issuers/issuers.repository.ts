import type { Connection } from 'mongoose';
import type { IssuerRecord } from '../../core/types.js';
import { plain } from '../shared/mongo-types.js';
import type { Page, PageRequest } from '../shared/paging.js';
import { issuerModel } from './issuer.model.js';

export interface IssuersRepository {
  insert(record: Omit<IssuerRecord, 'createdAt' | 'updatedAt'>): Promise<IssuerRecord>;
  get(id: string): Promise<IssuerRecord | undefined>;
  bySlug(slug: string): Promise<IssuerRecord | undefined>;
  list(paging: PageRequest): Promise<Page<IssuerRecord>>;
  update(id: string, fields: Record<string, unknown>): Promise<IssuerRecord | undefined>;
  remove(id: string): Promise<void>;
}

export function createIssuersRepository(conn: Connection): IssuersRepository {
  const model = issuerModel(conn);
  const toRecord = (doc: unknown) => plain<IssuerRecord>(doc as Record<string, unknown>);
  return {
    async insert(record) {
      const { id, ...rest } = record;
      const doc = await model.create({ ...rest, _id: id });
      return toRecord(doc.toObject());
    },
    async get(id) {
      const doc = await model.findById(id).lean();
      return doc ? toRecord(doc) : undefined;
    },
    async bySlug(slug) {
      const doc = await model.findOne({ slug }).lean();
      return doc ? toRecord(doc) : undefined;
    },
    async list({ page, pageSize }) {
      const [docs, total] = await Promise.all([
        model
          .find()
          .sort({ createdAt: 1, _id: 1 })
          .skip((page - 1) * pageSize)
          .limit(pageSize)
          .lean(),
        model.countDocuments(),
      ]);
      return { items: docs.map(toRecord), page, pageSize, total };
    },
    async update(id, fields) {
      const doc = await model
        .findByIdAndUpdate(id, { $set: fields }, { returnDocument: 'after', runValidators: true })
        .lean();
      return doc ? toRecord(doc) : undefined;
    },
    async remove(id) {
      await model.deleteOne({ _id: id });
    },
  };
}
