import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDER_EVENT_SUBSCRIPTIONS } from '#shared/application/events/publish-events.ts';
import { sqsEventSender } from '#shared/infrastructure/events/sqs-event-sender.ts';
import { queueUrlOf } from '../../scripts/dlq/queues.ts';
import { replayEvents } from '../../scripts/replay/replay.ts';
import { adminToken, e2e, eventually, newCustomer } from '../support/e2e.ts';
import { createProduct, depth, ledgerFor, local, orderOf, placeOrder, stockOf, type Local } from './payments-support.ts';

// Item 3 of issue 11, "nothing committed stays unpublished": the SQS emulator goes away for 30 s while orders are
// placed. The table is the outbox, so the commits succeed; the stream publisher cannot send, and its event source
// mapping (maximumRetryAttempts -1, infra/functions.yml) keeps retrying the batch with backoff instead of giving up.
// When SQS is back, every order reaches a terminal state with no replay and no reconciler (its threshold, 300 s, is
// longer than this test), nothing lands in the publisher's failure queue or any DLQ, and a replay afterwards changes
// nothing.

const OUTAGE_MS = 30_000;
const TERMINAL = new Set(['PAID', 'CANCELLED']);
const control = (action: string) => fetch(`${e2e().controlUrl}/sqs/${action}`, { method: 'POST' });

let stack: Local;
let admin: string;

beforeAll(async () => {
  stack = local();
  admin = await adminToken();
});
afterAll(async () => {
  await control('start'); // never leave the rest of the suite without SQS
  stack.dynamo.destroy();
  stack.sqs.destroy();
});

const terminalOrder = async (token: string, orderId: string) => {
  const order = await orderOf(token, orderId);
  return order && TERMINAL.has(order.status) ? order : undefined;
};

describe('the stream publisher under an SQS outage', () => {
  it('keeps retrying while SQS is down for 30 s; afterwards every order is terminal, nothing dead-lettered, replay a no-op', async () => {
    const started = Date.now();
    const customer = await newCustomer();
    const product = await createProduct(admin, 50);
    const before = await Promise.all([1, 2, 3].map(() => placeOrder(customer.token, product)));

    expect((await control('stop')).status).toBe(200);
    const downSince = Date.now();
    const during: Awaited<ReturnType<typeof placeOrder>>[] = [];
    try {
      // Commits need only DynamoDB: placing goes on during the outage.
      for (let index = 0; index < 5; index += 1) during.push(await placeOrder(customer.token, product));
      // The outage itself is the scenario: SQS stays down for 30 s whatever the publisher does meanwhile.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - downSince))));
      // Nothing placed during the outage moved: its OrderPlaced never reached the risk step, so no decision, no charge.
      for (const order of during) {
        const { risk, payment } = await orderOf(customer.token, order.id);
        expect({ risk, payment: payment.status }).toEqual({ risk: undefined, payment: 'PENDING' });
      }
    } finally {
      expect((await control('start')).status).toBe(200);
    }
    const upSince = Date.now();

    const orders = [...before, ...during];
    const recovered: number[] = [];
    for (const order of orders) {
      await eventually(() => terminalOrder(customer.token, order.id), 90_000, 250);
      recovered.push(Date.now() - upSince);
    }
    const [failures, ...deadLetters] = await Promise.all(
      ['events-publisher-failures', 'risk-dlq', 'payments-dlq', 'notifications-dlq'].map(async (name) =>
        depth(stack, await queueUrlOf(stack.sqs, `orderly-test-${name}`)),
      ),
    );
    expect(failures).toBe(0);
    expect(deadLetters).toEqual([0, 0, 0]);
    const snapshot = async () =>
      Promise.all(
        orders.map(async (order) => {
          const { status, version, payment } = await orderOf(customer.token, order.id);
          return { id: order.id, status, version, payment: payment?.status, captures: (await ledgerFor(stack, order.id)).captures.length };
        }),
      );
    const settled = await snapshot();
    for (const order of settled) expect(order.captures).toBe(order.status === 'PAID' ? 1 : 0);
    expect(await stockOf(stack, product)).toBe(50 - settled.filter((order) => order.status === 'PAID').length);

    // Replay (npm run replay) was not needed; run it now for these orders: consumers are idempotent, nothing changes.
    const queueUrls = Object.fromEntries(
      await Promise.all(
        Object.keys(ORDER_EVENT_SUBSCRIPTIONS).map(async (consumer) => [consumer, await queueUrlOf(stack.sqs, `orderly-test-${consumer}`)]),
      ),
    ) as Record<string, string>;
    const since = new Date(started - 1_000).toISOString();
    for (const order of orders)
      await replayEvents({
        client: stack.dynamo,
        tableName: stack.table,
        since,
        orderId: order.id,
        publish: { send: sqsEventSender(stack.sqs, queueUrls), subscriptions: ORDER_EVENT_SUBSCRIPTIONS },
      });
    await eventually(
      async () => (await Promise.all(Object.values(queueUrls).map((url) => depth(stack, url)))).every((count) => count === 0),
      60_000,
      250,
    );
    expect(await snapshot()).toEqual(settled);

    console.info(
      `publisher outage: ${orders.length} orders (${during.length} placed while SQS was down ${OUTAGE_MS / 1000} s); ` +
        `all terminal ${Math.max(...recovered)} ms after SQS returned; statuses ${settled.map((order) => order.status).join(',')}; ` +
        `test ${Date.now() - started} ms`,
    );
  }, 300_000);
});
