// `npm run bench:saga` against a running `npm start`: the payment saga on the stack's own settings (the saga queues'
// real visibility timeouts, the default per-record backoff, the breaker's 10 s half-open; the queue's visibility is
// read and printed). Two figures, as issue 11 asks: place → terminal p50/p95 under the 30% fault mix, and the time to
// recover from a 3-minute provider outage. A measurement, not a test; it changes the stack as a person would: it
// registers its own customers (bench-saga-<n>@orderly.local), creates its own product, routes risk to a permissive
// copy of the default model for the run (fresh accounts placing many orders is what the default model flags; the
// routing is put back afterwards) and sets the provider emulator's faults (cleared afterwards).
//
// Knobs (environment): BENCH_API_URL=http://127.0.0.1:3000  BENCH_PROVIDER_URL=http://127.0.0.1:4010
// BENCH_SQS_URL=http://127.0.0.1:9324  BENCH_STAGE=dev  BENCH_SAGA_ORDERS=60  BENCH_SAGA_OUTAGE_ORDERS=30
// BENCH_SAGA_OUTAGE_S=180, and the seeded admin's and customer's SEED_ADMIN_EMAIL / SEED_ADMIN_PASSWORD /
// SEED_CUSTOMER_EMAIL / SEED_CUSTOMER_PASSWORD (defaults from .env.example; the customer places the risk probes).
// Customers: ORDER_MAX_UNPAID=5 unpaid orders each, so ceil(orders / 5) of them (12 for 60; RATE_REGISTER_PER_IP
// allows 20 an hour, and a second run signs the same ones in again).
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { percentileSorted, sortedCopy } from './stats.ts';
import { apiClient } from './api-client.ts';

const base = process.env.BENCH_API_URL ?? 'http://127.0.0.1:3000';
const providerUrl = process.env.BENCH_PROVIDER_URL ?? 'http://127.0.0.1:4010';
const sqsUrl = process.env.BENCH_SQS_URL ?? 'http://127.0.0.1:9324';
const stage = process.env.BENCH_STAGE ?? 'dev';
const faultOrders = Number(process.env.BENCH_SAGA_ORDERS ?? 60);
const outageOrders = Number(process.env.BENCH_SAGA_OUTAGE_ORDERS ?? 30);
const outageMs = Number(process.env.BENCH_SAGA_OUTAGE_S ?? 180) * 1000;
const adminEmail = process.env.SEED_ADMIN_EMAIL ?? 'admin@orderly.local';
const adminPassword = process.env.SEED_ADMIN_PASSWORD ?? 'Admin-Passw0rd-Local!';
const customerEmail = process.env.SEED_CUSTOMER_EMAIL ?? 'customer@orderly.local';
const customerPassword = process.env.SEED_CUSTOMER_PASSWORD ?? 'Customer-Passw0rd-Local!';
const FAULTS = { failureRate: 0.3, timeoutRate: 0.05, latencyMs: 150 };
const NO_FAULTS = { failureRate: 0, timeoutRate: 0, latencyMs: 0, down: false, lostResponseRate: 0 };
const MAX_UNPAID = 5;
const PASSWORD = 'Bench-Saga-Passw0rd!';

const call = apiClient(base);
const expectStatus = <T>(answer: { status: number; body: T }, status: number, what: string): T => {
  if (answer.status !== status) throw new Error(`${what} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const setFaults = async (faults: Record<string, unknown>) => {
  const response = await fetch(`${providerUrl}/_faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (response.status !== 200) throw new Error(`PUT ${providerUrl}/_faults answered ${response.status}`);
};
const logIn = async (email: string, password: string) =>
  expectStatus(
    await call<{ accessToken: string }>('/auth/login', { method: 'POST', body: JSON.stringify({ email, password }) }),
    200,
    `login ${email}`,
  ).accessToken;
const until = async (what: string, timeoutMs: number, probe: () => Promise<boolean>) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
};

const visibility = async () => {
  const sqs = new SQSClient({ region: 'eu-west-1', endpoint: sqsUrl, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: `orderly-${stage}-payments` }));
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['VisibilityTimeout'] }));
    return `${Attributes.VisibilityTimeout} s`;
  } finally {
    sqs.destroy();
  }
};

const admin = await logIn(adminEmail, adminPassword);
// One at a time: register and login hash with scrypt (PASSWORD_SCRYPT_LOG_N=17, 128 MiB each) under `npm start`.
const customers: string[] = [];
for (let n = 0; n < Math.ceil(Math.max(faultOrders, outageOrders) / MAX_UNPAID); n += 1) {
  const email = `bench-saga-${n}@orderly.local`;
  const registered = await call('/auth/register', { method: 'POST', body: JSON.stringify({ email, password: PASSWORD, name: 'Bench' }) });
  if (registered.status !== 201 && registered.status !== 409) throw new Error(`register ${email} answered ${registered.status}`);
  customers.push(await logIn(email, PASSWORD));
}
const product = expectStatus(
  await call<{ id: string }>('/admin/products', {
    method: 'POST',
    token: admin,
    body: JSON.stringify({ name: `Bench saga ${randomUUID()}`, price: { amount: 1500, currency: 'EUR' }, stock: 10_000 }),
  }),
  201,
  'POST /admin/products',
).id;

const place = async (token: string) =>
  expectStatus(
    await call<{ id: string }>('/orders', {
      method: 'POST',
      token,
      headers: { 'idempotency-key': `bench-saga-${randomUUID()}` },
      body: JSON.stringify({ lines: [{ productId: product, quantity: 1 }] }),
    }),
    201,
    'POST /orders',
  ).id;
type Event = { type: string; occurredAt: string };
const eventsOf = async (id: string, token: string) =>
  expectStatus(await call<{ items: Event[] }>(`/orders/${id}/events`, { token }), 200, 'GET /orders/{id}/events').items;
const TERMINAL = ['OrderPaid', 'OrderCancelled'];
/** Polls until every order has a terminal event; returns each order's events. */
const settle = async (placed: Array<{ id: string; token: string }>, timeoutMs: number) => {
  const done = new Map<string, Event[]>();
  await until('orders terminal', timeoutMs, async () => {
    for (const { id, token } of placed.filter((order) => !done.has(order.id))) {
      const events = await eventsOf(id, token);
      if (events.some((event) => TERMINAL.includes(event.type))) done.set(id, events);
    }
    return done.size === placed.length;
  });
  return placed.map(({ id }) => done.get(id)!);
};
const at = (events: Event[], types: string[]) => Date.parse(events.find((event) => types.includes(event.type))!.occurredAt);
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const figures = (values: number[]) => {
  const sorted = sortedCopy(values);
  return `p50 ${seconds(percentileSorted(sorted, 50))} s, p95 ${seconds(percentileSorted(sorted, 95))} s, max ${seconds(percentileSorted(sorted, 100))} s (n ${sorted.length})`;
};
/** Places `count` orders, 6 at a time, spread over the customers so none holds more than MAX_UNPAID unpaid. */
const placeMany = async (count: number) => {
  const placed: Array<{ id: string; token: string }> = [];
  for (let start = 0; start < count; start += 6) {
    const batch = Array.from({ length: Math.min(6, count - start) }, (_, k) => customers[(start + k) % customers.length]!);
    placed.push(...(await Promise.all(batch.map(async (token) => ({ id: await place(token), token })))));
  }
  return placed;
};

// Risk: a permissive copy of the default model, routed as champion until the run ends.
type Routing = { champion: number; challenger?: number; challengerShare: number; mode: string };
const routing = (await call<Routing>('/admin/risk/routing', { token: admin })).body;
const model = JSON.parse(readFileSync(new URL('../models/risk-default.json', import.meta.url), 'utf8'));
const published = expectStatus(
  await call<{ version: number }>('/admin/risk/models', {
    method: 'POST',
    token: admin,
    body: JSON.stringify({ ...model, name: `bench-saga-${randomUUID().slice(0, 8)}`, thresholds: { review: 1, reject: 1 } }),
  }),
  201,
  'POST /admin/risk/models',
);
try {
  expectStatus(
    await call('/admin/risk/routing', {
      method: 'PUT',
      token: admin,
      body: JSON.stringify({ champion: published.version, challengerShare: 0, mode: 'split' }),
    }),
    200,
    'PUT /admin/risk/routing',
  );
  await setFaults(NO_FAULTS);
  // The risk workers cache the model (RISK_MODEL_CACHE_TTL_SECONDS, 30 s): wait until an order is scored by this one.
  // Probes are placed by the seeded customer, one every 5 s at most (ORDER_RATE_PER_CUSTOMER is 10 a minute).
  const prober = await logIn(customerEmail, customerPassword);
  await until('the permissive risk model in use', 180_000, async () => {
    const probe = await place(prober);
    await settle([{ id: probe, token: prober }], 60_000);
    const order = (await call<{ risk?: { modelVersion: number } }>(`/orders/${probe}`, { token: admin })).body;
    if (order.risk?.modelVersion === published.version) return true;
    await sleep(5_000);
    return false;
  });
  console.log(`npm start settings: payments queue visibility ${await visibility()}; ${base}`);

  // 1. Place → terminal under the fault mix.
  await setFaults(FAULTS);
  const faultStart = Date.now();
  const faulty = await placeMany(faultOrders);
  const faultEvents = await settle(faulty, 600_000);
  const faultAllMs = Date.now() - faultStart;
  await setFaults(NO_FAULTS);
  const latencies = faultEvents.map((events) => at(events, TERMINAL) - at(events, ['OrderPlaced']));
  const paid = faultEvents.filter((events) => events.some((event) => event.type === 'OrderPaid')).length;
  console.log(
    `faults ${JSON.stringify(FAULTS)}: ${faultOrders} orders (${paid} PAID), all terminal ${seconds(faultAllMs)} s after the first was placed`,
  );
  console.log(`  place → terminal: ${figures(latencies)}`);

  // 2. A provider outage (`down`: every connection dropped) while orders wait, then recovery.
  await setFaults({ ...NO_FAULTS, down: true });
  const downAt = Date.now();
  let upAt: number;
  let waiting: Array<{ id: string; token: string }>;
  try {
    waiting = await placeMany(outageOrders);
    await sleep(Math.max(0, outageMs - (Date.now() - downAt)));
  } finally {
    await setFaults(NO_FAULTS);
    upAt = Date.now();
  }
  const outageEvents = await settle(waiting, 600_000);
  const observedMs = Date.now() - upAt;
  const notPaid = outageEvents.filter((events) => !events.some((event) => event.type === 'OrderPaid')).length;
  const recovery = outageEvents.map((events) => at(events, TERMINAL) - upAt);
  console.log(`provider down ${seconds(upAt - downAt)} s during ${outageOrders} orders (${notPaid} not PAID):`);
  console.log(`  recovery → terminal: ${figures(recovery)}; all seen terminal by polling ${seconds(observedMs)} s after recovery`);
  if (notPaid > 0) process.exitCode = 1;
} finally {
  await setFaults(NO_FAULTS).catch(() => {});
  if (routing) await call('/admin/risk/routing', { method: 'PUT', token: admin, body: JSON.stringify(routing) });
}
