import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { CatalogPage } from '#shared/domain/catalog/ports.ts';
import type { Product } from '#shared/domain/catalog/product.ts';
import { aProduct } from '#shared/domain/catalog/testing/product-mother.ts';
import { describeCatalogPageCacheContract } from '#shared/domain/catalog/testing/catalog-page-cache.contract.ts';
import { describeProductRepositoryContract } from '#shared/domain/catalog/testing/product-repository.contract.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { createDynamoClient } from '#shared/infrastructure/dynamodb/client.ts';
import {
  CATALOG_CACHE_PARTITION,
  CATALOG_INDEX_PARTITION,
  catalogEntryKey,
  catalogIndexKey,
  productKey,
} from '#shared/infrastructure/dynamodb/keys.ts';
import { dynamoCatalogPageCache } from './dynamo-catalog-page-cache.ts';
import { signedCursors } from '#shared/infrastructure/dynamodb/signed-cursor.ts';
import { listProducts } from '#shared/application/catalog/list-products.ts';
import { MapMemoryCache } from '#shared/domain/catalog/testing/map-memory-cache.ts';
import { RecordingCacheObserver } from '#shared/domain/catalog/testing/recording-cache-observer.ts';
import { CATALOG_CURSOR_PURPOSE, dynamoProductRepository } from './dynamo-product-repository.ts';

const env = inject('localEnv');
const client = createDynamoClient({
  region: env.AWS_REGION!,
  endpoint: env.DYNAMODB_ENDPOINT,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const tableName = env.TABLE_NAME!;
const cursors = signedCursors('integration-cursor-secret', CATALOG_CURSOR_PURPOSE);
const products = dynamoProductRepository({ client, tableName, cursors });
const NOW = '2025-03-01T12:00:00.000Z';

describeProductRepositoryContract('dynamoProductRepository on DynamoDB Local', () => products);
describeCatalogPageCacheContract('dynamoCatalogPageCache on DynamoDB Local', () =>
  dynamoCatalogPageCache({ client, tableName, clock: { now: () => new Date() }, ttlSeconds: 60 }),
);

describe('dynamoProductRepository against DynamoDB Local', () => {
  it('stores the item in the shape the orders context reads, in no index, and its catalog entry in the index', async () => {
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
      v: 2,
      id: product.id,
      name: product.name,
      description: product.description,
      price: product.price,
      stock: product.stock,
      // Set once at creation: the invariant audit checks stock = initialStock + restocks − live reservations.
      initialStock: product.stock,
      status: 'ACTIVE',
      version: 1,
      createdAt: product.createdAt,
      updatedAt: product.updatedAt,
    });
    const { Item: entry } = await client.send(new GetCommand({ TableName: tableName, Key: catalogEntryKey(product.id) }));
    expect(entry).toEqual({
      PK: `PRODUCT#${product.id}`,
      SK: 'CATALOG',
      entity: 'CatalogEntry',
      v: 1,
      GSI1PK: CATALOG_INDEX_PARTITION,
      GSI1SK: `${product.name.toLowerCase()}#${product.id}`,
      id: product.id,
    });
    expect(await products.get(product.id)).toEqual(product);
  });

  it("moves stock on the product item without touching the catalog entry (an order's reservation writes no index entry)", async () => {
    // Prepare
    const product = aProduct({ name: `Stock ${ulid()}` });
    await products.create(product);
    const { Item: before } = await client.send(new GetCommand({ TableName: tableName, Key: catalogEntryKey(product.id) }));

    // Act
    const updated = await products.update(product.id, { stockDelta: -3 }, NOW);

    // Assess
    expect(updated.stock).toBe(product.stock - 3);
    const { Item: after } = await client.send(new GetCommand({ TableName: tableName, Key: catalogEntryKey(product.id) }));
    expect(after).toEqual(before);
  });

  it('lists a v1 product item that carries its own index keys beside v2 entries, with current stock for both', async () => {
    // Prepare: a product item as written before v2 (its own GSI1 keys, no entry), named to sort next to a v2 product
    const tag = `legacy-${ulid()}`.toLowerCase();
    const v2 = aProduct({ name: `${tag}-b`, stock: 7 });
    await products.create(v2);
    const v1 = { ...aProduct({ name: `${tag}-a`, stock: 5 }), version: 1 };
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...productKey(v1.id), ...catalogIndexKey(v1.name, v1.id), entity: 'Product', v: 1, ...v1, initialStock: v1.stock },
      }),
    );
    await products.update(v2.id, { stockDelta: 2 }, NOW);
    await products.update(v1.id, { name: `${tag}-c`, stockDelta: 1 }, NOW);

    // Act
    const listed = await vi.waitFor(
      async () => {
        const all: Product[] = [];
        let cursor: string | undefined;
        do {
          const page = await products.listActive({ limit: 100, cursor });
          all.push(...page.items.filter((item) => item.name.startsWith(tag)));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        expect(all.map((item) => item.name)).toEqual([`${tag}-b`, `${tag}-c`]);
        return all;
      },
      { timeout: 15_000, interval: 200 },
    );

    // Assess
    expect(listed.map(({ id, stock }) => ({ id, stock }))).toEqual([
      { id: v2.id, stock: 9 },
      { id: v1.id, stock: 6 },
    ]);
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: productKey(v1.id) }));
    expect(Item?.GSI1SK).toBe(`${tag}-c#${v1.id}`);
  });

  it.each([
    [
      'an unsigned cursor of the old format',
      Buffer.from(JSON.stringify({ PK: 'PRODUCT#1', SK: 'PRODUCT', GSI1PK: 'CATALOG', GSI1SK: 'x' })).toString('base64url'),
    ],
    [
      'a cursor signed with another secret',
      signedCursors('another-stage-cursor-secret', CATALOG_CURSOR_PURPOSE).seal({
        key: { PK: 'PRODUCT#1', SK: 'PRODUCT', GSI1PK: 'CATALOG', GSI1SK: 'x' },
        depth: 1,
      }),
    ],
    [
      'a cursor signed for another list',
      signedCursors('integration-cursor-secret', 'identity:users').seal({
        key: { PK: 'PRODUCT#1', SK: 'PRODUCT', GSI1PK: 'CATALOG', GSI1SK: 'x' },
        depth: 1,
      }),
    ],
    [
      'a signed key outside the catalog index',
      cursors.seal({ key: { PK: 'USER#1', SK: 'PROFILE', GSI1PK: 'USERS', GSI1SK: 'x' }, depth: 1 }),
    ],
  ])('rejects %s with ValidationError', async (_case, cursor) => {
    await expect(products.listActive({ limit: 5, cursor })).rejects.toThrow(ValidationError);
    expect(() => products.pageDepth(cursor)).toThrow(ValidationError);
  });

  it('renames, reprices and moves the product in the catalog index in one transaction', async () => {
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
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: catalogEntryKey(product.id) }));
    expect(Item?.GSI1SK).toBe(`renamed-${product.id.toLowerCase()}#${product.id}`);
    const { Item: stored } = await client.send(new GetCommand({ TableName: tableName, Key: productKey(product.id) }));
    expect(stored).not.toHaveProperty('GSI1SK');
  });

  it('archives by deleting the catalog entry', async () => {
    // Prepare
    const product = aProduct();
    await products.create(product);

    // Act
    await products.archive(product.id, NOW);
    await products.archive(product.id, '2030-01-01T00:00:00.000Z');

    // Assess
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: catalogEntryKey(product.id) }));
    expect(Item).toBeUndefined();
    expect((await products.get(product.id))?.status).toBe('ARCHIVED');
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
    await pages.put({ limit: 7, depth: 1, cursor }, stored);

    // Assess
    expect(await pages.get({ limit: 7, depth: 1, cursor })).toEqual(stored);
    now = new Date(now.getTime() + 61_000);
    expect(await pages.get({ limit: 7, depth: 1, cursor })).toBeUndefined();
    now = new Date('2025-03-01T12:00:00.000Z');
  });

  it('leaves no page in the partition after a clear of more than one batch', async () => {
    // Prepare
    await Promise.all(
      Array.from({ length: 30 }, (_, index) => pages.put({ limit: index + 1, depth: 1, cursor: `clear-${ulid()}` }, page(`p${index}`))),
    );

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

describe('the public list on DynamoDB Local keeps L2 bounded', () => {
  const LIMIT = 2;
  const CACHED_PAGES = 2;
  const pages = dynamoCatalogPageCache({ client, tableName, clock: { now: () => new Date() }, ttlSeconds: 60 });
  const deps = () => ({
    products,
    pages,
    memory: new MapMemoryCache<CatalogPage>(),
    observer: new RecordingCacheObserver(),
    cachedPages: CACHED_PAGES,
  });
  const storedSlots = async () => {
    const { Items = [] } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :slot)',
        ExpressionAttributeValues: { ':pk': CATALOG_CACHE_PARTITION, ':slot': `PAGE#${LIMIT}#` },
        ProjectionExpression: 'SK',
      }),
    );
    return Items.map((item) => item.SK as string).sort();
  };
  const tampered = (cursor: string) => {
    const [payload, tag] = cursor.split('.') as [string, string];
    const position = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { k: Record<string, string>; d: number };
    const edited = Buffer.from(JSON.stringify({ ...position, k: { ...position.k, PK: `PRODUCT#${ulid()}` } })).toString('base64url');
    return `${edited}.${tag}`;
  };

  it('stores only the first pages, one item per depth, however many valid cursors are replayed', async () => {
    // Prepare: more active products than the cached pages show, and an empty cache partition
    for (let index = 0; index < (CACHED_PAGES + 2) * LIMIT; index += 1) await products.create(aProduct({ name: `bounded-${ulid()}` }));
    await pages.clear();

    // Act: walk every page, then open the second page with cursors minted for other page sizes
    let cursor: string | undefined;
    let walked = 0;
    do {
      cursor = (await listProducts(deps(), { limit: LIMIT, cursor })).nextCursor ?? undefined;
      walked += 1;
    } while (cursor);
    for (const limit of [1, 3, 4, 5]) {
      const other = (await listProducts(deps(), { limit })).nextCursor!;
      await listProducts(deps(), { limit: LIMIT, cursor: other });
    }

    // Assess
    expect(walked).toBeGreaterThan(CACHED_PAGES);
    expect(await storedSlots()).toEqual([`PAGE#${LIMIT}#0`, `PAGE#${LIMIT}#1`]);
  });

  it('refuses a tampered cursor before reading or writing any page', async () => {
    // Prepare
    await products.create(aProduct({ name: `tamper-${ulid()}` }));
    await products.create(aProduct({ name: `tamper-${ulid()}` }));
    await pages.clear();
    const valid = (await listProducts(deps(), { limit: LIMIT })).nextCursor!;
    const context = deps();

    // Act
    const act = listProducts(context, { limit: LIMIT, cursor: tampered(valid) });

    // Assess
    await expect(act).rejects.toThrow(ValidationError);
    expect(context.observer.events).toEqual([]);
    expect(await storedSlots()).toEqual([`PAGE#${LIMIT}#0`]);
  });

  it('serves pages deeper than the cached ones from the index every time', async () => {
    // Prepare
    for (let index = 0; index < (CACHED_PAGES + 1) * LIMIT; index += 1) await products.create(aProduct({ name: `deep-${ulid()}` }));
    let cursor: string | undefined;
    for (let depth = 0; depth < CACHED_PAGES; depth += 1) cursor = (await listProducts(deps(), { limit: LIMIT, cursor })).nextCursor!;
    const context = deps();

    // Act
    await listProducts(context, { limit: LIMIT, cursor });

    // Assess
    expect(products.pageDepth(cursor)).toBe(CACHED_PAGES);
    expect(context.observer.events).toEqual(['miss:L1']);
  });
});
