import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { CatalogPage } from '#shared/domain/catalog/ports.ts';
import { aProduct } from '#shared/domain/catalog/testing/product-mother.ts';
import { describeCatalogPageCacheContract } from '#shared/domain/catalog/testing/catalog-page-cache.contract.ts';
import { describeProductRepositoryContract } from '#shared/domain/catalog/testing/product-repository.contract.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { createDynamoClient } from '#shared/infrastructure/dynamodb/client.ts';
import { CATALOG_CACHE_PARTITION, CATALOG_INDEX_PARTITION, productKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { dynamoCatalogPageCache } from './dynamo-catalog-page-cache.ts';
import { dynamoProductRepository } from './dynamo-product-repository.ts';

const env = inject('localEnv');
const client = createDynamoClient({
  region: env.AWS_REGION!,
  endpoint: env.DYNAMODB_ENDPOINT,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const tableName = env.TABLE_NAME!;
const products = dynamoProductRepository({ client, tableName });
const NOW = '2025-03-01T12:00:00.000Z';

describeProductRepositoryContract('dynamoProductRepository on DynamoDB Local', () => products);
describeCatalogPageCacheContract('dynamoCatalogPageCache on DynamoDB Local', () =>
  dynamoCatalogPageCache({ client, tableName, clock: { now: () => new Date() }, ttlSeconds: 60 }),
);

describe('dynamoProductRepository against DynamoDB Local', () => {
  it('stores the item in the shape the orders context reads', async () => {
    // Prepare
    const product = aProduct({ name: `Shape ${ulid()}` });

    // Act
    await products.create(product);

    // Assess
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: productKey(product.id) }));
    expect(Item).toEqual({
      PK: `PRODUCT#${product.id}`,
      SK: 'PRODUCT',
      entity: 'Product',
      v: 1,
      GSI1PK: CATALOG_INDEX_PARTITION,
      GSI1SK: `${product.name.toLowerCase()}#${product.id}`,
      id: product.id,
      name: product.name,
      description: product.description,
      price: product.price,
      stock: product.stock,
      status: 'ACTIVE',
      version: 1,
      createdAt: product.createdAt,
      updatedAt: product.updatedAt,
    });
    expect(await products.get(product.id)).toEqual(product);
  });

  it('rejects a well-formed cursor of another list with ValidationError', async () => {
    const cursor = Buffer.from(JSON.stringify({ PK: 'USER#1', SK: 'PROFILE', GSI1PK: 'USERS', GSI1SK: 'x' })).toString('base64url');
    await expect(products.listActive({ limit: 5, cursor })).rejects.toThrow(ValidationError);
  });

  it('renames, reprices and moves the product in the catalog index in one write', async () => {
    // Prepare
    const product = aProduct({ name: `rename-${ulid()}` });
    await products.create(product);

    // Act
    const updated = await products.update(
      product.id,
      { name: `Renamed-${product.id}`, price: { amount: 1, currency: 'USD' }, stockDelta: 2 },
      NOW,
    );

    // Assess
    expect(updated).toMatchObject({
      name: `Renamed-${product.id}`,
      price: { amount: 1, currency: 'USD' },
      stock: 12,
      version: 2,
      updatedAt: NOW,
    });
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: productKey(product.id) }));
    expect(Item?.GSI1SK).toBe(`renamed-${product.id.toLowerCase()}#${product.id}`);
  });

  it('archives by removing the index keys', async () => {
    // Prepare
    const product = aProduct();
    await products.create(product);

    // Act
    await products.archive(product.id, NOW);
    await products.archive(product.id, '2030-01-01T00:00:00.000Z');

    // Assess
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: productKey(product.id) }));
    expect(Item).not.toHaveProperty('GSI1PK');
    expect(Item).not.toHaveProperty('GSI1SK');
  });
});

describe('dynamoCatalogPageCache against DynamoDB Local', () => {
  let now = new Date('2025-03-01T12:00:00.000Z');
  const clock = { now: () => now };
  const pages = dynamoCatalogPageCache({ client, tableName, clock, ttlSeconds: 60 });
  const page = (name: string): CatalogPage => ({
    items: [{ id: ulid(), name, description: '', price: { amount: 100, currency: 'EUR' }, stock: 1, status: 'ACTIVE' }],
    nextCursor: 'abc',
  });

  beforeAll(() => {
    now = new Date('2025-03-01T12:00:00.000Z');
  });

  it('serves a stored page until it expires', async () => {
    // Prepare
    const cursor = `cursor-${ulid()}`;
    const stored = page('Kettle');

    // Act
    await pages.put(7, cursor, stored);

    // Assess
    expect(await pages.get(7, cursor)).toEqual(stored);
    now = new Date(now.getTime() + 61_000);
    expect(await pages.get(7, cursor)).toBeUndefined();
    now = new Date('2025-03-01T12:00:00.000Z');
  });

  it('leaves no page in the partition after a clear of more than one batch', async () => {
    // Prepare
    await Promise.all(Array.from({ length: 30 }, (_, index) => pages.put(index + 1, `clear-${ulid()}`, page(`p${index}`))));

    // Act
    const deleted = await pages.clear();

    // Assess
    expect(deleted).toBeGreaterThanOrEqual(30);
    const { Count } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': CATALOG_CACHE_PARTITION },
        Select: 'COUNT',
      }),
    );
    expect(Count).toBe(0);
  });
});
