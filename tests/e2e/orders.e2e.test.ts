import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDynamoClient } from '#shared/infrastructure/dynamodb/client.ts';
import { productKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { adminToken, api, e2e, eventually, newCustomer } from '../support/e2e.ts';

type Customer = Awaited<ReturnType<typeof newCustomer>>;
let admin: string;

const createProduct = async (stock: number, price = { amount: 1500, currency: 'EUR' }) => {
  const response = await api('/admin/products', { method: 'POST', token: admin, body: { name: `E2E ${ulid()}`, price, stock } });
  expect(response.status).toBe(201);
  return response.body.id as string;
};

const localClient = () => {
  const { env } = e2e();
  return {
    tableName: env.TABLE_NAME!,
    client: createDynamoClient({
      region: env.AWS_REGION!,
      endpoint: env.DYNAMODB_ENDPOINT,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  };
};

/** Read from the table: the public product endpoints serve through the catalog's caches, which lag by design. */
const stockOf = async (productId: string) => {
  const { client, tableName } = localClient();
  const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: productKey(productId), ConsistentRead: true }));
  client.destroy();
  return Item?.stock as number;
};

/** `key: null` sends no Idempotency-Key at all. */
const place = (customer: Customer, lines: unknown, key: string | null = `key-${ulid()}`) =>
  api('/orders', { method: 'POST', token: customer.token, body: { lines }, headers: key === null ? {} : { 'idempotency-key': key } });

/** The payments worker charges every placed order through the provider emulator; this waits for it to be PAID. */
const waitUntilPaid = (customer: Customer, orderId: string) =>
  eventually(async () => (await api(`/orders/${orderId}`, { token: customer.token })).body?.status === 'PAID', 10_000, 100);

/** Holds payments back (the provider refuses every call) while `run` looks at an unpaid order; the worker retries later. */
const withPaymentsHeld = async <T>(run: () => Promise<T>): Promise<T> => {
  const faults = (down: boolean) =>
    fetch(`${e2e().env.PAYMENT_PROVIDER_URL}/_faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ failureRate: 0, timeoutRate: 0, latencyMs: 0, down }),
    });
  await faults(true);
  try {
    return await run();
  } finally {
    await faults(false);
  }
};

beforeAll(async () => {
  admin = await adminToken();
});

describe('orders over HTTP', () => {
  it('places, reads, lists, audits and cancels an order as its customer, and the stock comes back', async () => {
    const customer = await newCustomer();
    const productId = await createProduct(10);

    // Payments are held so the order is still unpaid when it is cancelled: this is the no-refund path.
    await withPaymentsHeld(async () => {
      const placed = await place(customer, [{ productId, quantity: 3 }]);

      expect(placed.status).toBe(201);
      expect(placed.body).toEqual({
        id: expect.stringMatching(/^[0-9A-Z]{26}$/),
        customerId: customer.id,
        status: 'PENDING_PAYMENT',
        lines: [
          {
            productId,
            name: expect.any(String),
            quantity: 3,
            unitPrice: { amount: 1500, currency: 'EUR' },
            lineTotal: { amount: 4500, currency: 'EUR' },
          },
        ],
        total: { amount: 4500, currency: 'EUR' },
        payment: { status: 'PENDING' },
        version: 1,
        placedAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const orderId = placed.body.id as string;
      expect(await stockOf(productId)).toBe(7);
      expect((await api(`/products/${productId}`)).body.price).toEqual({ amount: 1500, currency: 'EUR' });
      // The risk step records its decision meanwhile (a version the customer does not see the content of).
      const { version: _version, updatedAt: _updatedAt, ...unchanged } = placed.body;
      expect((await api(`/orders/${orderId}`, { token: customer.token })).body).toMatchObject(unchanged);
      const second = await place(customer, [{ productId, quantity: 1 }]);
      const list = await api('/orders?limit=1', { token: customer.token });
      expect(list.status).toBe(200);
      expect(list.body.items.map((order: { id: string }) => order.id)).toEqual([second.body.id]);
      const next = await api(`/orders?limit=1&cursor=${list.body.nextCursor}`, { token: customer.token });
      expect(next.body.items.map((order: { id: string }) => order.id)).toEqual([orderId]);

      const cancelled = await api(`/orders/${orderId}/cancel`, { method: 'POST', token: customer.token });

      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'CANCELLED', cancellationReason: 'customer' });
      expect(await stockOf(productId)).toBe(9);
      const events = await api(`/orders/${orderId}/events`, { token: customer.token });
      expect(events.body.items.map((event: { type: string; version: number }) => [event.type, event.version])).toEqual([
        ['OrderPlaced', 1],
        ['OrderCancelled', cancelled.body.version],
      ]);
      expect(Object.keys(events.body.items[0]).sort()).toEqual(['data', 'occurredAt', 'type', 'version']);
      expect((await api(`/orders/${orderId}/cancel`, { method: 'POST', token: customer.token })).status).toBe(409);
      expect(
        (await api('/orders?status=CANCELLED', { token: customer.token })).body.items.map((order: { id: string }) => order.id),
      ).toEqual([orderId]);
    });
  });

  it('ships and delivers a paid order as admin; a shipped order can no longer be cancelled', async () => {
    const customer = await newCustomer();
    const productId = await createProduct(5);
    const orderId = await withPaymentsHeld(async () => {
      const placed = await place(customer, [{ productId, quantity: 1 }]);
      expect((await api(`/admin/orders/${placed.body.id}/ship`, { method: 'POST', token: admin })).status).toBe(409);
      return placed.body.id as string;
    });
    await waitUntilPaid(customer, orderId);

    const shipped = await api(`/admin/orders/${orderId}/ship`, { method: 'POST', token: admin });
    const refused = await api(`/orders/${orderId}/cancel`, { method: 'POST', token: customer.token });
    const delivered = await api(`/admin/orders/${orderId}/deliver`, { method: 'POST', token: admin });

    expect(shipped.status).toBe(200);
    expect(shipped.body).toMatchObject({ status: 'SHIPPED', payment: { status: 'CAPTURED' }, version: 4 });
    expect(refused.status).toBe(409);
    expect(delivered.body).toMatchObject({ status: 'DELIVERED', version: 5 });
    const byStatus = await api('/admin/orders?status=DELIVERED&limit=100', { token: admin });
    expect(byStatus.body.items.map((order: { id: string }) => order.id)).toContain(orderId);
    const everything = await api('/admin/orders?limit=5', { token: admin });
    expect(everything.status).toBe(200);
    expect(everything.body.items.length).toBeGreaterThan(0);
    expect((await api(`/admin/orders/${orderId}/ship`, { method: 'POST', token: customer.token })).status).toBe(403);
    expect((await api('/admin/orders', { token: customer.token })).status).toBe(403);
  });

  it('answers 404 to another customer on every route of an order, as if it did not exist', async () => {
    const owner = await newCustomer();
    const stranger = await newCustomer();
    const orderId = (await place(owner, [{ productId: await createProduct(5), quantity: 1 }])).body.id as string;

    const responses = await Promise.all([
      api(`/orders/${orderId}`, { token: stranger.token }),
      api(`/orders/${orderId}/events`, { token: stranger.token }),
      api(`/orders/${orderId}/cancel`, { method: 'POST', token: stranger.token }),
      api(`/orders/${ulid()}`, { token: stranger.token }),
    ]);

    expect(responses.map((response) => response.status)).toEqual([404, 404, 404, 404]);
    expect(new Set(responses.map((response) => response.body.detail)).size).toBe(1);
    expect((await api('/orders', { token: stranger.token })).body.items).toEqual([]);
    expect((await api(`/orders/${orderId}`, { token: owner.token })).status).toBe(200);
    expect((await api(`/orders/${orderId}`)).status).toBe(401);
  });

  it('replays the first response for the same Idempotency-Key and body, and refuses another body with 422', async () => {
    const customer = await newCustomer();
    const productId = await createProduct(10);
    const key = `key-${ulid()}`;

    const first = await place(customer, [{ productId, quantity: 2 }], key);
    const again = await place(customer, [{ productId, quantity: 2 }], key);
    const other = await place(customer, [{ productId, quantity: 3 }], key);

    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await stockOf(productId)).toBe(8);
    expect((await api('/orders', { token: customer.token })).body.items).toHaveLength(1);
  });

  it('refuses insufficient stock with 409 and an unknown product with 422, reserving nothing', async () => {
    const customer = await newCustomer();
    const productId = await createProduct(2);

    const tooMany = await place(customer, [{ productId, quantity: 3 }]);
    const unknown = await place(customer, [
      { productId, quantity: 1 },
      { productId: ulid(), quantity: 1 },
    ]);

    expect(tooMany.status).toBe(409);
    expect(tooMany.body.detail).toContain(productId);
    expect(unknown.status).toBe(422);
    expect(await stockOf(productId)).toBe(2);
  });

  it.each([
    ['quantity 0', [{ productId: 'P1', quantity: 0 }], 'lines.0.quantity'],
    ['quantity 101', [{ productId: 'P1', quantity: 101 }], 'lines.0.quantity'],
    ['51 lines', Array.from({ length: 51 }, (_, index) => ({ productId: `P${index}`, quantity: 1 })), 'body.lines'],
    ['no lines', [], 'body.lines'],
    [
      'a repeated product',
      [
        { productId: 'P1', quantity: 1 },
        { productId: 'P1', quantity: 1 },
      ],
      'body.lines',
    ],
  ])('answers 400 for %s', async (_name, lines, path) => {
    const response = await place(await sharedCustomer(), lines);

    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { path: string }) => error.path).join()).toContain(path);
  });

  it.each([
    ['a missing Idempotency-Key', null],
    ['a 7-character Idempotency-Key', 'abcdefg'],
    ['a 129-character Idempotency-Key', 'k'.repeat(129)],
  ])('answers 400 for %s', async (_name, key) => {
    const response = await place(await sharedCustomer(), [{ productId: ulid(), quantity: 1 }], key);

    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain('headers.idempotency-key');
  });

  it.each(['/orders?limit=101', '/orders?limit=0', '/orders?status=LOST', '/orders?cursor=not-a-cursor', '/admin/orders?limit=101'])(
    'answers 400 for %s',
    async (path) => {
      const token = path.startsWith('/admin') ? admin : (await sharedCustomer()).token;

      expect((await api(path, { token })).status).toBe(400);
    },
  );
});

let shared: Promise<Customer> | undefined;
const sharedCustomer = () => (shared ??= newCustomer());
