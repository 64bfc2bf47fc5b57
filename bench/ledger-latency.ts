// `npm run bench:ledger-latency` against a running `npm start`: how long after an order's commit its first event is
// anchored on the chain (transaction sent) and confirmed, on the stack's own settings. A measurement, not a test.
//
// Knobs (environment): BENCH_API_URL=http://127.0.0.1:3000  BENCH_LEDGER_ORDERS=5  BENCH_LEDGER_TIMEOUT_S=180
// (5: the seeded customer may hold at most ORDER_MAX_UNPAID=5 unpaid orders, and these are placed back to back)
// and the seeded customer's SEED_CUSTOMER_EMAIL / SEED_CUSTOMER_PASSWORD (defaults from .env.example).
import { randomUUID } from 'node:crypto';
import { percentileSorted, sortedCopy } from './stats.ts';
import { apiClient } from './api-client.ts';

const base = process.env.BENCH_API_URL ?? 'http://127.0.0.1:3000';
const orders = Number(process.env.BENCH_LEDGER_ORDERS ?? 5);
const timeoutMs = Number(process.env.BENCH_LEDGER_TIMEOUT_S ?? 180) * 1000;
const email = process.env.SEED_CUSTOMER_EMAIL ?? 'customer@orderly.local';
const password = process.env.SEED_CUSTOMER_PASSWORD ?? 'Customer-Passw0rd-Local!';

const call = apiClient(base);

type Proof = { events: { version: number; anchor: { status: 'pending' | 'confirmed' } | null }[] };

const login = await call<{ accessToken: string }>('/auth/login', { method: 'POST', body: JSON.stringify({ email, password }) });
if (login.status !== 200) throw new Error(`login as ${email} failed (${login.status}): is npm start running and seeded?`);
const token = login.body.accessToken;
const products = await call<{ items: { id: string; stock: number }[] }>('/products?limit=50');
const product = products.body.items.find((item) => item.stock >= orders);
if (!product) throw new Error(`no product with ${orders} units in stock`);

const placed: { id: string; at: number; anchoredMs?: number; confirmedMs?: number }[] = [];
for (let index = 0; index < orders; index += 1) {
  const answer = await call<{ id: string }>('/orders', {
    method: 'POST',
    token,
    headers: { 'idempotency-key': `bench-ledger-${randomUUID()}` },
    body: JSON.stringify({ lines: [{ productId: product.id, quantity: 1 }] }),
  });
  if (answer.status !== 201) throw new Error(`POST /orders answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  placed.push({ id: answer.body.id, at: Date.now() });
  process.stdout.write(`placed ${index + 1}/${orders}\r`);
}

const deadline = Date.now() + timeoutMs;
while (placed.some((order) => order.confirmedMs === undefined) && Date.now() < deadline) {
  for (const order of placed.filter((item) => item.confirmedMs === undefined)) {
    const proof = await call<Proof>(`/orders/${order.id}/proof`, { token });
    const first = proof.body.events?.find((event) => event.version === 1);
    if (first?.anchor && order.anchoredMs === undefined) order.anchoredMs = Date.now() - order.at;
    if (first?.anchor?.status === 'confirmed') order.confirmedMs = Date.now() - order.at;
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
}

const missing = placed.filter((order) => order.confirmedMs === undefined).length;
const figures = (values: number[]) => {
  const sorted = sortedCopy(values);
  const seconds = (p: number) => (percentileSorted(sorted, p) / 1000).toFixed(1);
  return `p50 ${seconds(50)} s, p95 ${seconds(95)} s, max ${seconds(100)} s (n ${sorted.length})`;
};
console.log(`\n${orders} orders on ${base} (polling every 250 ms, so figures are up to ~0.3 s late)`);
console.log(`commit → first event anchored (tx sent): ${figures(placed.flatMap((order) => order.anchoredMs ?? []))}`);
console.log(`commit → first event confirmed:          ${figures(placed.flatMap((order) => order.confirmedMs ?? []))}`);
if (missing > 0) {
  console.error(`${missing} order(s) not confirmed within ${timeoutMs / 1000} s`);
  process.exitCode = 1;
}
