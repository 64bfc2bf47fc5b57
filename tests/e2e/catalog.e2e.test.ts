import { createHash } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { createDynamoClient } from '#shared/infrastructure/dynamodb/client.ts';
import { CATALOG_CACHE_PARTITION } from '#shared/infrastructure/dynamodb/keys.ts';
import { adminToken as signInAdmin, api, e2e, eventually, newCustomer } from '../support/e2e.ts';

// One sign-in per role for the whole file: access tokens outlive it.
let admin: Promise<string> | undefined;
const adminToken = () => (admin ??= signInAdmin());
let customer: Promise<{ token: string }> | undefined;
const customerToken = async () => (await (customer ??= newCustomer())).token;

// The documented staleness bound of the public reads: L1 TTL + L2 TTL (stage defaults unless the suite sets them).
const setting = (name: string, fallback: number) => Number(e2e().env[name] ?? process.env[name] ?? fallback);
const l1Seconds = setting('CATALOG_CACHE_TTL_SECONDS', 10);
const l2Seconds = setting('CATALOG_PAGE_TTL_SECONDS', 60);
const STALENESS_BOUND_MS = (l1Seconds + l2Seconds) * 1000;
const cachedPages = setting('CATALOG_CACHED_PAGES', 5);

const newProduct = (overrides: Record<string, unknown> = {}) => ({
  name: `E2E product ${ulid()}`,
  description: 'Made by the catalog suite',
  price: { amount: 1999, currency: 'EUR' },
  stock: 5,
  ...overrides,
});

const create = async (token: string, overrides: Record<string, unknown> = {}) => {
  const response = await api('/admin/products', { method: 'POST', token, body: newProduct(overrides) });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${response.text}`);
  return response.body as { id: string; name: string; price: { amount: number; currency: string }; stock: number; version: number };
};

/**
 * Every entry of the public list, walking all pages of the given size; undefined when a call fails, so that
 * `eventually` retries a transient error (a stalled emulator on a busy machine) instead of taking it for an answer.
 */
const listed = async (limit: number): Promise<Map<string, Record<string, unknown>> | undefined> => {
  const entries = new Map<string, Record<string, unknown>>();
  let cursor: string | null = null;
  do {
    const page = await api(`/products?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (page.status !== 200 || !Array.isArray(page.body?.items)) return undefined;
    for (const item of page.body.items as Array<Record<string, unknown>>) entries.set(item.id as string, item);
    cursor = page.body.nextCursor as string | null;
  } while (cursor);
  return entries;
};
const inList = async (id: string, limit: number) => (await listed(limit))?.get(id);

describe('catalog administration over HTTP', () => {
  it('lets an admin create a product that anyone can then read by id', async () => {
    // Prepare
    const token = await adminToken();
    const body = newProduct({ price: { amount: 0, currency: 'JPY' } });

    // Act
    const created = await api('/admin/products', { method: 'POST', token, body });
    const read = await api(`/products/${created.body.id}`);

    // Assess
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
      name: body.name,
      description: body.description,
      price: body.price,
      stock: 5,
      status: 'ACTIVE',
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it.each([
    ['POST', '/admin/products', newProduct()],
    ['PATCH', `/admin/products/${ulid()}`, { name: 'x' }],
    ['DELETE', `/admin/products/${ulid()}`, undefined],
  ])('%s %s is 401 without a token and 403 for a customer', async (method, path, body) => {
    const anonymous = await api(path, { method, body });
    const forbidden = await api(path, { method, body, token: await customerToken() });

    expect(anonymous.status).toBe(401);
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it.each([
    ['an unknown field', newProduct({ colour: 'red' }), 'body'],
    ['a price in floating point', newProduct({ price: { amount: 19.99, currency: 'EUR' } }), 'body.price.amount'],
    ['a currency that is not ISO 4217', newProduct({ price: { amount: 100, currency: 'eur' } }), 'body.price.currency'],
    ['negative stock', newProduct({ stock: -1 }), 'body.stock'],
    ['a name of 121 characters', newProduct({ name: 'x'.repeat(121) }), 'body.name'],
    ['no name', { price: { amount: 1, currency: 'EUR' }, stock: 1 }, 'body.name'],
  ])('refuses to create a product with %s (400)', async (_case, body, path) => {
    const response = await api('/admin/products', { method: 'POST', token: await adminToken(), body });

    expect(response.status).toBe(400);
    expect((response.body.errors as Array<{ path: string }>).map((error) => error.path)).toContain(path);
  });

  it.each([
    ['an empty body', {}],
    ['an unknown field', { stock: 3 }],
    ['a fractional stockDelta', { stockDelta: 1.5 }],
  ])('refuses a patch with %s (400)', async (_case, body) => {
    const token = await adminToken();
    const product = await create(token);

    const response = await api(`/admin/products/${product.id}`, { method: 'PATCH', token, body });

    expect(response.status).toBe(400);
  });

  it('edits name, price and stock, one version per change', async () => {
    // Prepare
    const token = await adminToken();
    const product = await create(token);

    // Act
    const response = await api(`/admin/products/${product.id}`, {
      method: 'PATCH',
      token,
      body: { name: `${product.name} v2`, price: { amount: 2500, currency: 'EUR' }, stockDelta: 3 },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ name: `${product.name} v2`, price: { amount: 2500, currency: 'EUR' }, stock: 8, version: 2 });
  });

  it('answers 409 when stockDelta would take the stock below 0, and changes nothing', async () => {
    // Prepare
    const token = await adminToken();
    const product = await create(token, { stock: 2 });

    // Act
    const refused = await api(`/admin/products/${product.id}`, { method: 'PATCH', token, body: { stockDelta: -3 } });
    const emptied = await api(`/admin/products/${product.id}`, { method: 'PATCH', token, body: { stockDelta: -2 } });

    // Assess
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(emptied.status).toBe(200);
    expect(emptied.body).toMatchObject({ stock: 0, version: 2 });
  });

  it.each([
    ['GET', '/products/'],
    ['PATCH', '/admin/products/'],
    ['DELETE', '/admin/products/'],
  ])('%s %s<unknown id> is 404, and a malformed id is 400', async (method, prefix) => {
    const token = await adminToken();
    const body = method === 'PATCH' ? { name: 'x' } : undefined;

    const unknown = await api(`${prefix}${ulid()}`, { method, token, body });
    const malformed = await api(`${prefix}not-a-ulid`, { method, token, body });

    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(400);
  });

  it('archives with 204: the product stays readable by id, further edits are 409, archiving again is 204', async () => {
    // Prepare
    const token = await adminToken();
    const product = await create(token);

    // Act
    const archived = await api(`/admin/products/${product.id}`, { method: 'DELETE', token });
    const again = await api(`/admin/products/${product.id}`, { method: 'DELETE', token });
    const edit = await api(`/admin/products/${product.id}`, { method: 'PATCH', token, body: { stockDelta: 1 } });
    const read = await api(`/products/${product.id}`);

    // Assess
    expect(archived.status).toBe(204);
    expect(archived.text).toBe('');
    expect(again.status).toBe(204);
    expect(edit.status).toBe(409);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: product.id, status: 'ARCHIVED', version: 2 });
  });
});

describe('the public catalog over HTTP', () => {
  it.each(['0', '101', 'abc', '1.5'])('answers 400 for limit=%s', async (limit) => {
    const response = await api(`/products?limit=${limit}`);

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ path: 'query.limit' })]);
  });

  it.each([
    ['a forged cursor', '/products?cursor=bm90LWEtY3Vyc29y'],
    ['an unknown parameter', '/products?sort=price'],
  ])('answers 400 for %s', async (_case, path) => {
    expect((await api(path)).status).toBe(400);
  });

  it('pages with an opaque cursor, 20 items by default, and lists active products only', async () => {
    // Prepare
    const token = await adminToken();
    for (let index = 0; index < 3; index += 1) await create(token);

    // Act
    const first = await api('/products');
    const byTwo = await api('/products?limit=2');
    const next = await api(`/products?limit=2&cursor=${encodeURIComponent(byTwo.body.nextCursor)}`);

    // Assess
    expect(first.status).toBe(200);
    expect(first.body.items.length).toBeLessThanOrEqual(20);
    expect(Object.keys(first.body)).toEqual(['items', 'nextCursor']);
    expect(byTwo.body.items).toHaveLength(2);
    expect(next.status).toBe(200);
    expect(next.body.items[0].id).not.toBe(byTwo.body.items[1].id);
    for (const item of [...first.body.items, ...byTwo.body.items]) expect(item.status).toBe('ACTIVE');
  });
});

/** The L2 page items in the table right now: their slot and the hash of the cursor each answers. */
const storedPages = async () => {
  const { env } = e2e();
  const client = createDynamoClient({
    region: env.AWS_REGION!,
    endpoint: env.DYNAMODB_ENDPOINT,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: env.TABLE_NAME!,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': CATALOG_CACHE_PARTITION },
      ProjectionExpression: 'SK, cursorHash',
      ConsistentRead: true,
    }),
  );
  client.destroy();
  return Items as Array<{ SK: string; cursorHash: string }>;
};
const hashOf = (cursor: string) => createHash('sha256').update(cursor).digest('base64url');

describe('signed catalog cursors over HTTP', () => {
  const reencoded = (payload: string, edit: (position: { k: Record<string, string>; d: number }) => unknown) =>
    Buffer.from(JSON.stringify(edit(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))))).toString('base64url');

  it('answers 400 problem+json on query.cursor for forged and edited cursors, and stores no page for them', async () => {
    // Prepare: a real cursor to tamper with
    const token = await adminToken();
    for (let index = 0; index < 3; index += 1) await create(token);
    const issued = (await api('/products?limit=1')).body.nextCursor as string;
    const [payload, tag] = issued.split('.') as [string, string];
    const forged = [
      `${reencoded(payload, (position) => ({ ...position, k: { ...position.k, PK: `PRODUCT#${ulid()}` } }))}.${tag}`,
      `${reencoded(payload, (position) => ({ ...position, d: 1000 }))}.${tag}`,
      `${payload}.${tag.slice(0, -2)}${tag.endsWith('AA') ? 'BB' : 'AA'}`,
      Buffer.from(JSON.stringify({ PK: `PRODUCT#${ulid()}`, SK: 'PRODUCT', GSI1PK: 'CATALOG', GSI1SK: 'zzz' })).toString('base64url'),
      payload,
    ];

    // Act
    const responses = await Promise.all(forged.map((cursor) => api(`/products?limit=1&cursor=${encodeURIComponent(cursor)}`)));
    const accepted = await api(`/products?limit=1&cursor=${encodeURIComponent(issued)}`);

    // Assess
    for (const response of responses) {
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.body.errors).toEqual([expect.objectContaining({ path: 'query.cursor' })]);
    }
    expect(accepted.status).toBe(200);
    const stored = await storedPages();
    for (const cursor of forged) expect(stored.map((page) => page.cursorHash)).not.toContain(hashOf(cursor));
    // Bounded by key design: one item per page size and depth, and only the first CATALOG_CACHED_PAGES depths.
    for (const page of stored) expect(Number(/^PAGE#\d{1,3}#(\d+)$/.exec(page.SK)?.[1])).toBeLessThan(cachedPages);
  });
});

// Serial on purpose: concurrent calls to one function make serverless offline cold-start extra workers (seconds each).
describe('catalog changes reach the cached public reads within the documented bound', () => {
  it('shows a price change in the list and by id', async () => {
    // Prepare: warm L1 and L2 with the old price
    const token = await adminToken();
    const product = await create(token);
    await eventually(() => inList(product.id, 97), STALENESS_BOUND_MS);
    await api(`/products/${product.id}`);
    const started = Date.now();

    // Act
    const patched = await api(`/admin/products/${product.id}`, {
      method: 'PATCH',
      token,
      body: { price: { amount: 777, currency: 'EUR' } },
    });

    // Assess
    expect(patched.status).toBe(200);
    await eventually(
      async () => ((await inList(product.id, 97))?.price as { amount: number } | undefined)?.amount === 777,
      STALENESS_BOUND_MS,
      500,
    );
    await eventually(async () => (await api(`/products/${product.id}`)).body?.price?.amount === 777, STALENESS_BOUND_MS, 500);
    // The stream clears L2 within seconds, so in practice only L1 (possibly refilled once from L2) delays the change.
    expect(Date.now() - started).toBeLessThan((2 * l1Seconds + 10) * 1000);
  });

  it('hides an archived product from the list', async () => {
    // Prepare
    const token = await adminToken();
    const product = await create(token);
    await eventually(() => inList(product.id, 98), STALENESS_BOUND_MS);

    // Act
    const archived = await api(`/admin/products/${product.id}`, { method: 'DELETE', token });

    // Assess
    expect(archived.status).toBe(204);
    await eventually(
      async () => {
        const entries = await listed(98);
        return entries !== undefined && !entries.has(product.id);
      },
      STALENESS_BOUND_MS,
      500,
    );
  });
});
