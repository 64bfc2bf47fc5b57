import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { CatalogPage } from '#shared/application/catalog/ports.ts';
import { aProduct } from '#shared/domain/catalog/testing/product-mother.ts';
import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors.ts';
import { createDynamoClient } from '#shared/infrastructure/dynamodb/client.ts';
import { CATALOG_CACHE_PARTITION, CATALOG_INDEX_PARTITION, productKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { dynamoCatalogPageCache } from './dynamo-catalog-page-cache.ts';
import { dynamoProductRepository } from './dynamo-product-repository.ts';

const env = inject('localEnv');
const client = createDynamoClient({ region: env.AWS_REGION!, endpoint: env.DYNAMODB_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const tableName = env.TABLE_NAME!;
const products = dynamoProductRepository({ client, tableName });
const NOW = '2025-03-01T12:00:00.000Z';

// The catalog index is one partition shared by every test file: tests use names with their own prefix.
const listAll = async (prefix: string, limit = 100) => {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await products.listActive({ limit, cursor });
    names.push(...page.items.map((item) => item.name).filter((name) => name.startsWith(prefix)));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return names;
};

describe('dynamoProductRepository against DynamoDB Local', () => {
  it('stores the item in the shape the orders context reads', async () => {
    // Prepare
    const product = aProduct({ name: `Shape ${ulid()}` });

    // Act
    await products.create(product);

    // Assess
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: productKey(product.id) }));
    expect(Item).toEqual({
      PK: `PRODUCT#${product.id}`, SK: 'PRODUCT', entity: 'Product', v: 1,
      GSI1PK: CATALOG_INDEX_PARTITION, GSI1SK: `${product.name.toLowerCase()}#${product.id}`,
      id: product.id, name: product.name, description: product.description, price: product.price, stock: product.stock,
      status: 'ACTIVE', version: 1, createdAt: product.createdAt, updatedAt: product.updatedAt,
    });
    expect(await products.get(product.id)).toEqual(product);
  });

  it('refuses a second product with the same id', async () => {
    const product = aProduct();
    await products.create(product);
    await expect(products.create(product)).rejects.toThrow(ConflictError);
  });

  it('pages through active products by name with cursors and never returns a dead last cursor', async () => {
    // Prepare
    const prefix = `page-${ulid()}`;
    const created = ['c', 'a', 'e', 'b', 'd'].map((suffix) => aProduct({ name: `${prefix}-${suffix}` }));
    for (const product of created) await products.create(product);
    await products.archive(created[2]!.id, NOW);

    // Act
    const names = await listAll(prefix, 2);

    // Assess
    expect(names).toEqual(['a', 'b', 'c', 'd'].map((suffix) => `${prefix}-${suffix}`));
  });

  it.each(['not-base64-json', Buffer.from(JSON.stringify({ PK: 'USER#1', SK: 'PROFILE', GSI1PK: 'USERS', GSI1SK: 'x' })).toString('base64url')])(
    'rejects the cursor %s with ValidationError',
    async (cursor) => {
      await expect(products.listActive({ limit: 5, cursor })).rejects.toThrow(ValidationError);
    },
  );

  it('moves stock atomically: concurrent removals never take it below 0', async () => {
    // Prepare
    const product = aProduct({ stock: 5 });
    await products.create(product);

    // Act
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => products.update(product.id, { stockDelta: -1 }, NOW)));

    // Assess
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(5);
    for (const outcome of outcomes.filter((o) => o.status === 'rejected')) expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect(await products.get(product.id)).toMatchObject({ stock: 0, version: 6 });
  });

  it('renames, reprices and moves the product in the catalog index in one write', async () => {
    // Prepare
    const product = aProduct({ name: `rename-${ulid()}` });
    await products.create(product);

    // Act
    const updated = await products.update(product.id, { name: `Renamed-${product.id}`, price: { amount: 1, currency: 'USD' }, stockDelta: 2 }, NOW);

    // Assess
    expect(updated).toMatchObject({ name: `Renamed-${product.id}`, price: { amount: 1, currency: 'USD' }, stock: 12, version: 2, updatedAt: NOW });
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: productKey(product.id) }));
    expect(Item?.GSI1SK).toBe(`renamed-${product.id.toLowerCase()}#${product.id}`);
  });

  it.each([
    ['an unknown product', 'unknown', { name: 'x' }, NotFoundError],
    ['an archived product', 'archived', { name: 'x' }, ConflictError],
    ['a removal beyond the stock', 'active', { stockDelta: -11 }, ConflictError],
  ] as const)('refuses to update %s', async (_case, state, changes, error) => {
    // Prepare
    const product = aProduct();
    const id = state === 'unknown' ? ulid() : product.id;
    await products.create(product);
    if (state === 'archived') await products.archive(product.id, NOW);

    // Act
    const act = products.update(id, changes, NOW);

    // Assess
    await expect(act).rejects.toThrow(error);
  });

  it('archives idempotently: removes the index keys once, keeps the product readable', async () => {
    // Prepare
    const product = aProduct();
    await products.create(product);

    // Act
    const first = await products.archive(product.id, NOW);
    const second = await products.archive(product.id, '2030-01-01T00:00:00.000Z');

    // Assess
    expect(first).toMatchObject({ status: 'ARCHIVED', version: 2, updatedAt: NOW });
    expect(second).toEqual(first);
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: productKey(product.id) }));
    expect(Item).not.toHaveProperty('GSI1PK');
    expect(Item).not.toHaveProperty('GSI1SK');
    await expect(products.archive(ulid(), NOW)).rejects.toThrow(NotFoundError);
  });
});

describe('dynamoCatalogPageCache against DynamoDB Local', () => {
  let now = new Date('2025-03-01T12:00:00.000Z');
  const clock = { now: () => now };
  const pages = dynamoCatalogPageCache({ client, tableName, clock, ttlSeconds: 60 });
  const page = (name: string): CatalogPage => ({ items: [{ id: ulid(), name, description: '', price: { amount: 100, currency: 'EUR' }, stock: 1, status: 'ACTIVE' }], nextCursor: 'abc' });

  beforeAll(() => {
    now = new Date('2025-03-01T12:00:00.000Z');
  });

  it('stores a page under its limit and cursor and serves it until it expires', async () => {
    // Prepare
    const cursor = `cursor-${ulid()}`;
    const stored = page('Kettle');

    // Act
    await pages.put(7, cursor, stored);

    // Assess
    expect(await pages.get(7, cursor)).toEqual(stored);
    expect(await pages.get(8, cursor)).toBeUndefined();
    now = new Date(now.getTime() + 61_000);
    expect(await pages.get(7, cursor)).toBeUndefined();
    now = new Date('2025-03-01T12:00:00.000Z');
  });

  it('accepts any cursor length by hashing it into the key', async () => {
    const cursor = 'x'.repeat(1024);
    await pages.put(100, cursor, page('Long'));
    expect(await pages.get(100, cursor)).toMatchObject({ nextCursor: 'abc' });
  });

  it('clears every stored page, more than one batch of them', async () => {
    // Prepare
    await Promise.all(Array.from({ length: 30 }, (_, index) => pages.put(index + 1, `clear-${ulid()}`, page(`p${index}`))));

    // Act
    const deleted = await pages.clear();

    // Assess
    expect(deleted).toBeGreaterThanOrEqual(30);
    const { Count } = await client.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': CATALOG_CACHE_PARTITION }, Select: 'COUNT' }));
    expect(Count).toBe(0);
  });
});

