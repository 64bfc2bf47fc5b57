import { GetQueueAttributesCommand, SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ulid } from 'ulid';
import { expect } from 'vitest';
import { createDynamoClient } from '#shared/infrastructure/dynamodb/client.ts';
import { orderEventKey, productKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { runAudit } from '../../scripts/audit/run.ts';
import type { Violation } from '../../scripts/audit/checks.ts';
import { adminToken, api, e2e, eventually, newCustomer, settled } from '../support/e2e.ts';

// Helpers of the payments e2e files: the stack's table, queues and provider emulator, reached directly.
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
export const local = () => {
  const { env } = e2e();
  return {
    env,
    table: env.TABLE_NAME!,
    dynamo: createDynamoClient({ region: env.AWS_REGION!, endpoint: env.DYNAMODB_ENDPOINT, credentials }),
    sqs: new SQSClient({ region: env.AWS_REGION!, endpoint: env.SQS_ENDPOINT!, credentials }),
    provider: env.PAYMENT_PROVIDER_URL!,
  };
};
export type Local = ReturnType<typeof local>;

export const createProduct = async (admin: string, stock: number, amount = 1500) => {
  const response = await api('/admin/products', {
    method: 'POST',
    token: admin,
    body: { name: `Pay ${ulid()}`, price: { amount, currency: 'EUR' }, stock },
  });
  expect(response.status).toBe(201);
  return response.body.id as string;
};

/**
 * Places an order as a client should: a 5xx, a 429 or no answer is tried again with the same Idempotency-Key, so it
 * yields one order (a burst of placements cold-starts several placeOrder instances at once on a busy machine).
 */
export const placeOrder = async (token: string, productId: string, quantity = 1) => {
  const response = await settled(
    '/orders',
    { method: 'POST', token, body: { lines: [{ productId, quantity }] }, headers: { 'idempotency-key': `key-${ulid()}` } },
    'POST /orders',
  );
  if (response.status !== 201) throw new Error(`place failed: ${response.status} ${response.text}`);
  return response.body as { id: string; status: string; total: { amount: number } };
};

export const orderOf = async (token: string, orderId: string) => (await api(`/orders/${orderId}`, { token })).body;

/** Waits for the order to reach `status` (and `payment` status when given); returns the order. */
export const waitForOrder = (token: string, orderId: string, status: string, payment?: string, timeoutMs = 10_000) =>
  eventually(
    async () => {
      const order = await orderOf(token, orderId);
      return order?.status === status && (!payment || order.payment?.status === payment) ? order : undefined;
    },
    timeoutMs,
    100,
  );

export const stockOf = async ({ dynamo, table }: Local, productId: string) =>
  (await dynamo.send(new GetCommand({ TableName: table, Key: productKey(productId), ConsistentRead: true }))).Item?.stock as number;

export const storedEvent = async ({ dynamo, table }: Local, orderId: string, version: number) =>
  (await dynamo.send(new GetCommand({ TableName: table, Key: orderEventKey(orderId, version), ConsistentRead: true }))).Item!;

export const paymentItem = async ({ dynamo, table }: Local, orderId: string) =>
  (await dynamo.send(new GetCommand({ TableName: table, Key: { PK: `ORDER#${orderId}`, SK: 'PAYMENT' }, ConsistentRead: true }))).Item;

interface Ledger {
  charges: Array<{ chargeId: string; orderId: string; status: string }>;
  refunds: Array<{ chargeId: string; refundId: string }>;
}
export const ledger = async ({ provider }: Local): Promise<Ledger> => (await fetch(`${provider}/_charges`)).json() as Promise<Ledger>;

export const ledgerFor = async (stack: Local, orderId: string) => {
  const { charges, refunds } = await ledger(stack);
  const mine = charges.filter((charge) => charge.orderId === orderId);
  const ids = new Set(mine.map((charge) => charge.chargeId));
  return {
    charges: mine,
    captures: mine.filter((charge) => charge.status === 'captured'),
    refunds: refunds.filter((refund) => ids.has(refund.chargeId)),
  };
};

export const setFaults = async ({ provider }: Local, faults: Record<string, unknown>) => {
  const response = await fetch(`${provider}/_faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  expect(response.status).toBe(200);
};
export const NO_FAULTS = { failureRate: 0, timeoutRate: 0, latencyMs: 0, down: false, lostResponseRate: 0 };

/** Visible plus in-flight messages. */
export const depth = async ({ sqs }: Local, queueUrl: string) => {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
};

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/**
 * Routes new orders to a copy of the default risk model that never reviews or rejects (thresholds at 1), for tests of
 * the payment saga or the ledger rather than the risk policy: a few fresh accounts placing many orders is exactly what
 * the default model flags. Waits out the workers' model cache by probing until an order is scored by the new version.
 * Returns the function that restores the routing as it was.
 */
export const usePermissiveRiskModel = async (admin: string, customerToken: string): Promise<() => Promise<void>> => {
  const routing = (await api('/admin/risk/routing', { token: admin })).body;
  const model = JSON.parse(readFileSync(new URL('../../models/risk-default.json', import.meta.url), 'utf8'));
  const published = await api('/admin/risk/models', {
    method: 'POST',
    token: admin,
    body: { ...model, name: `permissive-${ulid().toLowerCase()}`, thresholds: { review: 1, reject: 1 } },
  });
  expect(published.status).toBe(201);
  const routed = await api('/admin/risk/routing', {
    method: 'PUT',
    token: admin,
    body: { champion: published.body.version, challengerShare: 0, mode: 'split' },
  });
  expect(routed.status).toBe(200);
  const probeProduct = await createProduct(admin, 100);
  await eventually(
    async () => {
      const probe = await placeOrder(customerToken, probeProduct, 1);
      const risk = await eventually(async () => (await api(`/orders/${probe.id}`, { token: admin })).body?.risk, 20_000, 200);
      return risk.modelVersion === published.body.version;
    },
    60_000,
    500,
  );
  return async () => {
    if (routing) await api('/admin/risk/routing', { method: 'PUT', token: admin, body: routing });
  };
};

/**
 * `npm run audit` over the stack's table and the emulator's ledger, as the lead's runbook runs it. Other e2e files
 * share the table and some break it on purpose, so the caller names the ids (orders, products) it answers for.
 */
export const auditViolations = async ({ dynamo, table, provider, env }: Local, ids: ReadonlySet<string>): Promise<Violation[]> => {
  const { violations } = await runAudit({
    client: dynamo,
    tableName: table,
    providerUrl: provider,
    deadlineSeconds: Number(env.ORDER_PAYMENT_DEADLINE_SECONDS ?? 1800),
    graceSeconds: 120,
  });
  return violations.filter((violation) => ids.has(violation.id));
};

/** Runs `work` over `items` with at most `limit` at a time. */
export const pool = async <T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> => {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!, index);
      }
    }),
  );
  return results;
};

const TERMINAL = new Set(['PAID', 'CANCELLED']);
export interface SettledOrder {
  status: string;
  payment: { status: string };
  cancellationReason?: string;
  lines: Array<{ productId: string; quantity: number }>;
}

/** Polls until every order is PAID or CANCELLED; returns the final orders. */
export const settle = async (placed: Array<{ id: string; token: string }>, timeoutMs: number) => {
  const done = new Map<string, SettledOrder>();
  await eventually(
    async () => {
      const open = placed.filter((order) => !done.has(order.id));
      await pool(open, 10, async ({ id, token }) => {
        const order = (await api(`/orders/${id}`, { token })).body;
        if (TERMINAL.has(order?.status)) done.set(id, order);
      });
      return done.size === placed.length;
    },
    timeoutMs,
    500,
  );
  return done;
};

/** Milliseconds from OrderPlaced to the first of `types` in the order's history. */
export const placedTo = async (id: string, token: string, types: readonly string[]): Promise<number> => {
  const { items } = (await api(`/orders/${id}/events`, { token })).body as { items: Array<{ type: string; occurredAt: string }> };
  const placed = Date.parse(items.find((event) => event.type === 'OrderPlaced')!.occurredAt);
  return Date.parse(items.find((event) => types.includes(event.type))!.occurredAt) - placed;
};

/**
 * Gives the stack's saga queues (payments, risk) the visibility timeouts they have in AWS and under `npm start`, read
 * from infra/*.yml, instead of the suite's 2 s cap; returns the function that puts the cap back. The e2e files run one
 * after another, so only the calling file sees the real settings.
 */
export const useDeployedVisibility = async ({ sqs, env }: Local): Promise<() => Promise<void>> => {
  const deployed = (file: string, resource: string) =>
    String(parse(readFileSync(new URL(`../../infra/${file}`, import.meta.url), 'utf8')).Resources[resource].Properties.VisibilityTimeout);
  const queues = [
    { url: env.QUEUE_URL_PAYMENTS!, seconds: deployed('resources.yml', 'PaymentsQueue') },
    { url: env.QUEUE_URL_RISK!, seconds: deployed('resources-risk.yml', 'RiskQueue') },
  ];
  const capped = await Promise.all(
    queues.map(async ({ url }) => {
      const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['VisibilityTimeout'] }));
      return Attributes.VisibilityTimeout!;
    }),
  );
  const set = (url: string, seconds: string) =>
    sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: seconds } }));
  await Promise.all(queues.map(({ url, seconds }) => set(url, seconds)));
  for (const { url, seconds } of queues) {
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['VisibilityTimeout'] }));
    expect(Attributes.VisibilityTimeout).toBe(seconds);
  }
  return async () => {
    await Promise.all(queues.map(({ url }, index) => set(url, capped[index]!)));
  };
};

export interface Saga {
  stack: Local;
  admin: string;
  customers: Array<Awaited<ReturnType<typeof newCustomer>>>;
  /** Puts back what the setup changed (risk routing, visibility, faults) and closes the clients; for afterAll. */
  tearDown: () => Promise<void>;
}

/**
 * The setup of the saga e2e files: the stack's clients, an admin, `customers` fresh customers, a provider without
 * faults and the permissive risk model (usePermissiveRiskModel); with `deployedVisibility`, the saga queues' deployed
 * visibility timeouts (useDeployedVisibility). If a step fails, what was already changed is put back.
 */
export const setUpSaga = async ({ customers = 4, deployedVisibility = false } = {}): Promise<Saga> => {
  const stack = local();
  const undo: Array<() => Promise<void>> = [
    async () => {
      stack.dynamo.destroy();
      stack.sqs.destroy();
    },
    () => setFaults(stack, NO_FAULTS),
  ];
  const tearDown = async () => {
    for (const step of undo.splice(0).reverse()) await step();
  };
  try {
    const admin = await adminToken();
    const accounts = await Promise.all(Array.from({ length: customers }, () => newCustomer()));
    await setFaults(stack, NO_FAULTS);
    undo.push(await usePermissiveRiskModel(admin, accounts[0]!.token));
    if (deployedVisibility) undo.push(await useDeployedVisibility(stack));
    return { stack, admin, customers: accounts, tearDown };
  } catch (error) {
    await tearDown();
    throw error;
  }
};

/** Captures per order in the emulator's ledger, for the orders in `ids`. */
export const capturesPerOrder = async (stack: Local, ids: ReadonlySet<string>): Promise<Map<string, number>> => {
  const { charges } = await ledger(stack);
  const captures = new Map<string, number>();
  for (const charge of charges.filter((c) => ids.has(c.orderId) && c.status === 'captured'))
    captures.set(charge.orderId, (captures.get(charge.orderId) ?? 0) + 1);
  return captures;
};
