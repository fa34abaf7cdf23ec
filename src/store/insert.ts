import type { Model } from 'mongoose';

/**
 * Inserts a document exactly as built, bypassing mongoose casting (the store builds whole,
 * typed documents with string ids). An insert is atomic on every store, FerretDB included.
 */
export async function insertDocument<T extends { _id: string }>(model: Model<T>, doc: T): Promise<void> {
  await model.collection.insertOne(doc as unknown as Parameters<typeof model.collection.insertOne>[0]);
}
