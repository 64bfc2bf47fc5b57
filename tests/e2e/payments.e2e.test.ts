import { readFileSync } from 'node:fs';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { ulid } from 'ulid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queueUrlOf } from '../../scripts/dlq/queues.ts';
import { memoryJournal, redriveMessages } from '../../scripts/dlq/redrive.ts';
import { adminToken, api, e2e, eventually, newCustomer } from '../support/e2e.ts';
import {
  createProduct,
  depth,
  ledgerFor,
  local,
  NO_FAULTS,
  paymentItem,
  placeOrder,
  setFaults,
  stockOf,
  storedEvent,
  waitForOrder,
  type Local,
} from './payments-support.ts';

let admin: string;
let customer: Awaited<ReturnType<typeof newCustomer>>;
let stack: Local;
let dlqUrl: string;

beforeAll(async () => {
  stack = local();
  admin = await adminToken();
  customer = await newCustomer();
  dlqUrl = await queueUrlOf(stack.sqs, 'orderly-test-payments-dlq');
  await setFaults(stack, NO_FAULTS);
});
afterEach(() => setFaults(stack, NO_FAULTS));
afterAll(() => {
  stack.dynamo.destroy();
  stack.sqs.destroy();
});

/** The message exactly as the events publisher sends it for a stored event (body and attributes). */
const publishedMessage = (item: Record<string, unknown>, overrides: Record<string, unknown> = {}) => {
  const { eventId, type, orderId, version, occurredAt, correlationId, data, entity } = { ...item, ...overrides } as Record<string, string>;
  return {
    QueueUrl: stack.env.QUEUE_URL_PAYMENTS!,
    MessageBody: JSON.stringify({ eventId, type, aggregateId: orderId, version, occurredAt, correlationId, data, orderId, entity }),
    MessageAttributes: {
      eventId: { DataType: 'String', StringValue: eventId },
      eventType: { DataType: 'String', StringValue: type },
      version: { DataType: 'Number', StringValue: String(version) },
      correlationId: { DataType: 'String', StringValue: correlationId },
    },
  };
};

const logSince = (offset: number) => readFileSync(e2e().logFile, 'utf8').slice(offset);
const logSize = () => readFileSync(e2e().logFile, 'utf8').length;

describe('payments saga over the real stack', () => {
  it('charges a placed order once and shows it PAID within 10 s', async () => {
    const productId = await createProduct(admin, 5, 2500);
    const started = Date.now();
    const placed = await placeOrder(customer.token, productId, 2);

    const paid = await waitForOrder(customer.token, placed.id, 'PAID', 'CAPTURED', 10_000);

    expect(Date.now() - started).toBeLessThan(10_000);
    expect(paid).toMatchObject({ status: 'PAID', payment: { status: 'CAPTURED' }, version: 3 });
    const { captures, charges } = await ledgerFor(stack, placed.id);
    expect(charges).toHaveLength(1);
    expect(captures[0]).toMatchObject({ orderId: placed.id, amount: { amount: 5000, currency: 'EUR' } });
    expect(await paymentItem(stack, placed.id)).toMatchObject({ entity: 'Payment', state: 'CAPTURED', chargeId: captures[0]!.chargeId });
    expect(await stockOf(stack, productId)).toBe(3);
  });

  it('refunds a cancelled paid order exactly once, marks its payment REFUNDED and restores the stock', async () => {
    const productId = await createProduct(admin, 4);
    const placed = await placeOrder(customer.token, productId, 3);
    await waitForOrder(customer.token, placed.id, 'PAID');

    const cancelled = await api(`/orders/${placed.id}/cancel`, { method: 'POST', token: customer.token });
    expect(cancelled.status).toBe(200);
    const refunded = await waitForOrder(customer.token, placed.id, 'CANCELLED', 'REFUNDED');

    expect(refunded).toMatchObject({ cancellationReason: 'customer', version: 5 });
    expect(await stockOf(stack, productId)).toBe(4);
    const { charges, refunds } = await ledgerFor(stack, placed.id);
    expect(charges).toHaveLength(1);
    expect(refunds).toHaveLength(1);
    const events = await api(`/orders/${placed.id}/events`, { token: customer.token });
    expect(events.body.items.map((event: { type: string }) => event.type)).toEqual([
      'OrderPlaced',
      'OrderPaid',
      'OrderCancelled',
      'OrderRefunded',
    ]);
    expect(await paymentItem(stack, placed.id)).toMatchObject({ state: 'REFUNDED', refundId: refunds[0]!.refundId });
  });

  it('cancels a declined order with payment_failed and releases its stock', async () => {
    const productId = await createProduct(admin, 3, 1013);
    const placed = await placeOrder(customer.token, productId, 1);
    expect(await stockOf(stack, productId)).toBe(2);

    const failed = await waitForOrder(customer.token, placed.id, 'CANCELLED', 'FAILED');

    expect(failed).toMatchObject({ cancellationReason: 'payment_failed' });
    expect(await stockOf(stack, productId)).toBe(3);
    const { charges, captures } = await ledgerFor(stack, placed.id);
    expect(charges.map((charge) => charge.status)).toEqual(['declined']);
    expect(captures).toHaveLength(0);
  });

  it('charges once when the same risk decision message arrives three times, and once more under a new event id', async () => {
    const productId = await createProduct(admin, 5);
    const placed = await placeOrder(customer.token, productId, 1);
    // Payments charge on the risk step's decision (event 2), never on OrderPlaced.
    const decision = await eventually(() => storedEvent(stack, placed.id, 2).catch(() => undefined), 15_000);
    const message = publishedMessage(decision);

    await Promise.all([1, 2, 3].map(() => stack.sqs.send(new SendMessageCommand(message))));
    await stack.sqs.send(new SendMessageCommand(publishedMessage(decision, { eventId: ulid() })));
    await waitForOrder(customer.token, placed.id, 'PAID');
    await eventually(async () => (await depth(stack, stack.env.QUEUE_URL_PAYMENTS!)) === 0, 20_000);

    const { charges } = await ledgerFor(stack, placed.id);
    expect(charges).toHaveLength(1);
    const events = await api(`/orders/${placed.id}/events`, { token: customer.token });
    expect(events.body.items.map((event: { type: string }) => event.type)).toEqual(['OrderPlaced', 'OrderPaid']);
  });

  it('waits out a provider outage behind the open breaker, then completes every order once', async () => {
    const productId = await createProduct(admin, 10);
    const offset = logSize();
    await setFaults(stack, { down: true });
    const orders = await Promise.all([1, 2, 3].map(() => placeOrder(customer.token, productId, 1)));

    await eventually(async () => logSince(offset).includes('circuit opened'), 20_000, 200);
    for (const order of orders) expect((await api(`/orders/${order.id}`, { token: customer.token })).body.status).toBe('PENDING_PAYMENT');
    await setFaults(stack, { down: false });

    for (const order of orders) await waitForOrder(customer.token, order.id, 'PAID', 'CAPTURED', 30_000);
    for (const order of orders) expect((await ledgerFor(stack, order.id)).charges).toHaveLength(1);
    expect(await stockOf(stack, productId)).toBe(7);
  }, 90_000);

  it('sends a malformed message to the DLQ after one receive, with its reason, without touching anything', async () => {
    const marker = ulid();
    const offset = logSize();
    const { MessageId } = await stack.sqs.send(
      new SendMessageCommand({
        QueueUrl: stack.env.QUEUE_URL_PAYMENTS!,
        MessageBody: JSON.stringify({ poison: marker, type: 'OrderPlaced' }),
        MessageAttributes: { correlationId: { DataType: 'String', StringValue: `poison-${marker}` } },
      }),
    );

    const dead = await eventually(
      async () => {
        const { Messages = [] } = await stack.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: dlqUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 0,
            VisibilityTimeout: 1,
            MessageAttributeNames: ['All'],
          }),
        );
        return Messages.find((message) => message.Body?.includes(marker));
      },
      20_000,
      500,
    );

    expect(dead.MessageAttributes?.correlationId?.StringValue).toBe(`poison-${marker}`);
    expect(dead.MessageAttributes?.deadLetterReason?.StringValue).toMatch(/^InvalidRecordError: body is invalid/);
    await eventually(async () => (await depth(stack, stack.env.QUEUE_URL_PAYMENTS!)) === 0, 10_000);
    await eventually(async () => logSince(offset).includes(MessageId!), 10_000);
    // One receive: the worker saw the message once, dead-lettered it and acknowledged it.
    expect(
      logSince(offset)
        .split('\n')
        .filter((line) => line.includes(MessageId!)),
    ).toHaveLength(1);
    await stack.sqs.send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: dead.ReceiptHandle! }));
  }, 60_000);

  it('keeps an order whose provider is down on the queue with backoff (no dead letter); a redrive from the DLQ still charges once', async () => {
    const productId = await createProduct(admin, 2);
    await setFaults(stack, { down: true });
    const offset = logSize();
    const placed = await placeOrder(customer.token, productId, 1);

    // The charge is claimed and keeps failing; each failure hides the record for its backoff instead of burning receives.
    await eventually(async () => (await paymentItem(stack, placed.id))?.state === 'PENDING', 30_000, 500);
    await eventually(async () => logSince(offset).includes('retried after backoff'), 30_000, 500);
    expect(await depth(stack, dlqUrl)).toBe(0);

    // An operator's redrive of an old copy of the decision (as if it had been dead-lettered) is safe alongside it.
    const assessed = await eventually(async () => storedEvent(stack, placed.id, 2), 10_000);
    await stack.sqs.send(new SendMessageCommand({ ...publishedMessage(assessed), QueueUrl: dlqUrl }));
    await setFaults(stack, { down: false });
    const summary = await redriveMessages(stack.sqs, {
      fromUrl: dlqUrl,
      toUrl: stack.env.QUEUE_URL_PAYMENTS!,
      journal: memoryJournal(),
      max: 10,
      waitTimeSeconds: 0,
    });

    expect(summary).toMatchObject({ moved: 1, failed: 0 });
    await waitForOrder(customer.token, placed.id, 'PAID', 'CAPTURED', 60_000);
    expect((await ledgerFor(stack, placed.id)).charges).toHaveLength(1);
    expect(await depth(stack, dlqUrl)).toBe(0);
  }, 150_000);
});
