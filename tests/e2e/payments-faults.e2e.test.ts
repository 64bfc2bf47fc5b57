import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueUrlOf } from '../../scripts/dlq/queues.ts';
import { adminToken, eventually, newCustomer } from '../support/e2e.ts';
import {
  auditViolations,
  createProduct,
  depth,
  ledger,
  local,
  NO_FAULTS,
  percentile,
  placedTo,
  placeOrder,
  pool,
  setFaults,
  settle,
  stockOf,
  type Local,
  usePermissiveRiskModel,
} from './payments-support.ts';

// N orders through a flaky provider: every one ends PAID or CANCELLED/payment_failed, at most one capture each,
// stock exactly accounted for, nothing left in flight. N = 200 as the issue asks (about 145 s on a 2-core machine);
// PAYMENTS_FAULT_ORDERS lowers it for a quick local run.
const N = Number(process.env.PAYMENTS_FAULT_ORDERS ?? 200);
const LATENCY_ORDERS = 100;
const START_STOCK = 1_000;

let admin: string;
let customers: Array<Awaited<ReturnType<typeof newCustomer>>>;
let stack: Local;

// The fault run tests the payment saga, not the risk policy: orders are scored by a model that never reviews or
// rejects (see usePermissiveRiskModel), and the routing is restored afterwards.
let restoreRisk: (() => Promise<void>) | undefined;

beforeAll(async () => {
  stack = local();
  admin = await adminToken();
  customers = await Promise.all([1, 2, 3, 4].map(() => newCustomer()));
  await setFaults(stack, NO_FAULTS);
  restoreRisk = await usePermissiveRiskModel(admin, customers[0]!.token);
}, 120_000);
afterAll(async () => {
  await restoreRisk?.();
  await setFaults(stack, NO_FAULTS);
  stack.dynamo.destroy();
  stack.sqs.destroy();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('payments under load and faults', () => {
  it(`pays each of ${LATENCY_ORDERS} orders within a minute without faults (and prints place → PAID)`, async () => {
    const productId = await createProduct(admin, START_STOCK);
    const placed: Array<{ id: string; token: string }> = [];
    for (let n = 0; n < LATENCY_ORDERS; n += 1) {
      const token = customers[n % customers.length]!.token;
      placed.push({ id: (await placeOrder(token, productId, 1)).id, token });
      await sleep(100);
    }
    // Each order now takes two queue hops (risk, then payments): allow for a loaded machine; p95 below is the check.
    await settle(placed, 120_000);

    const latencies = await pool(placed, 10, ({ id, token }) => placedTo(id, token, ['OrderPaid']));
    const [p50, p95, max] = [percentile(latencies, 50), percentile(latencies, 95), Math.max(...latencies)];
    console.log(`place → PAID over ${latencies.length} orders: p50 ${p50} ms, p95 ${p95} ms, max ${max} ms`);
    // A behaviour, not a speed goal (those are `npm run bench:saga`'s, on npm start settings): without faults no order
    // waits a retry cycle or the payment deadline. p95 was 4-7 s on an idle machine, 16 s beside a CPU hog.
    expect(latencies).toHaveLength(LATENCY_ORDERS);
    expect(max).toBeLessThan(60_000);
  }, 180_000);

  it(`settles ${N} orders through failureRate 0.3, timeoutRate 0.05, latency 200 ms: one capture each at most, stock exact, queues empty, audit clean`, async () => {
    const good = await createProduct(admin, START_STOCK, 1500);
    const declining = await createProduct(admin, START_STOCK, 1013);
    await setFaults(stack, { failureRate: 0.3, timeoutRate: 0.05, latencyMs: 200 });
    const started = Date.now();

    const placed = await pool(
      Array.from({ length: N }, (_, n) => n),
      8,
      async (n) => {
        const token = customers[n % customers.length]!.token;
        const order = n % 10 === 9 ? await placeOrder(token, declining, 1) : await placeOrder(token, good, 1 + (n % 3));
        return { id: order.id, token };
      },
    );
    const placedMs = Date.now() - started;
    const final = await settle(placed, 240_000);
    const settledMs = Date.now() - started;
    await setFaults(stack, NO_FAULTS);

    const orders = [...final.values()];
    const paid = orders.filter((order) => order.status === 'PAID');
    const failed = orders.filter((order) => order.status === 'CANCELLED');
    expect(failed.every((order) => order.cancellationReason === 'payment_failed' && order.payment.status === 'FAILED')).toBe(true);
    expect(failed).toHaveLength(placed.length / 10);

    const { charges } = await ledger(stack);
    const ids = new Set(placed.map((order) => order.id));
    const captures = new Map<string, number>();
    for (const charge of charges.filter((c) => ids.has(c.orderId) && c.status === 'captured'))
      captures.set(charge.orderId, (captures.get(charge.orderId) ?? 0) + 1);
    expect(Math.max(...captures.values())).toBe(1);
    expect(captures.size).toBe(paid.length);

    const reserved = paid
      .flatMap((order) => order.lines)
      .filter((line) => line.productId === good)
      .reduce((sum, line) => sum + line.quantity, 0);
    expect((await stockOf(stack, good)) + reserved).toBe(START_STOCK);
    expect(await stockOf(stack, declining)).toBe(START_STOCK);

    const dlqUrl = await queueUrlOf(stack.sqs, 'orderly-test-payments-dlq');
    await eventually(
      async () => (await depth(stack, stack.env.QUEUE_URL_PAYMENTS!)) === 0 && (await depth(stack, dlqUrl)) === 0,
      30_000,
      500,
    );
    expect(await auditViolations(stack, new Set([...ids, good, declining]))).toEqual([]);
    console.log(
      `fault run: ${N} orders placed in ${placedMs} ms, all terminal after ${settledMs} ms: ${paid.length} PAID, ${failed.length} payment_failed; ${captures.size} captures, ${charges.filter((c) => ids.has(c.orderId)).length} ledger charges`,
    );
  }, 400_000);
});
