import type { WebSocketEvent } from '#shared/middleware/websocket/types.ts';
import { subscribeFrame } from '#shared/application/notifications/schemas.ts';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerBody } from '#shared/application/identity/schemas.ts';
import { orderEventMessageSchema, storedOrderEventSchema } from '#shared/contracts/order-events.ts';
import { productChangeSchema } from '#shared/contracts/product-changes.ts';
import type { HttpEvent } from '#shared/middleware/http/types.ts';
import { sampleEvent } from '../support/events.ts';
import { fakeContext } from '../support/lambda.ts';

// Every file under events/ stands for one trigger: it parses with that trigger's contract, and drives its handler with
// the composition roots replaced by fakes (the composition root is the only seam; nothing here touches the network).
const fakes = vi.hoisted(() => ({
  sent: [] as Array<{ consumer: string; message: unknown }>,
  payments: [] as unknown[],
  cleared: { count: 0 },
  deadLetters: [] as Array<{ body: string }>,
}));
const deadLetters = async () => ({ send: async (letter: { body: string }) => void fakes.deadLetters.push(letter) });

vi.mock('#shared/composition/events.ts', async () => {
  const { ORDER_EVENT_SUBSCRIPTIONS } = await import('#shared/application/events/publish-events.ts');
  return {
    publishEventsDeps: async () => ({
      subscriptions: ORDER_EVENT_SUBSCRIPTIONS,
      send: async (consumer: string, message: unknown) => void fakes.sent.push({ consumer, message }),
    }),
    eventsDeadLetters: deadLetters,
  };
});
vi.mock('#shared/composition/payments.ts', () => ({
  processPaymentsOnce: async () => async (event: unknown) => {
    fakes.payments.push(event);
    return 'paid';
  },
  paymentsDeadLetters: deadLetters,
  paymentsRetry: undefined,
}));
vi.mock('#shared/composition/catalog.ts', () => ({
  catalogPageCache: () => ({ clear: async () => ++fakes.cleared.count }),
  catalogCacheDeadLetters: deadLetters,
}));
vi.mock('#shared/composition/probe.ts', () => ({ probeDeadLetters: deadLetters }));

const eventsDir = join(import.meta.dirname, '..', '..', 'events');
const samplesOnDisk = (dir: string = eventsDir): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? samplesOnDisk(join(dir, entry.name)) : [relative(eventsDir, join(dir, entry.name))],
  );

const imageOf = (event: DynamoDBStreamEvent, index = 0) =>
  unmarshall(event.Records[index]!.dynamodb!.NewImage as Record<string, AttributeValue>);

/** What each sample stands for, and the proof that it parses with that contract. */
const CONTRACTS: Record<string, () => void> = {
  'dynamodb/order-placed-insert.json': () => void storedOrderEventSchema.parse(imageOf(sampleEvent('dynamodb/order-placed-insert.json'))),
  'dynamodb/product-change.json': () => void productChangeSchema.parse(imageOf(sampleEvent('dynamodb/product-change.json'))),
  'sqs/payments-order-placed.json': () =>
    sampleEvent<SQSEvent>('sqs/payments-order-placed.json').Records.forEach((record) =>
      orderEventMessageSchema.parse(JSON.parse(record.body)),
    ),
  'sqs/probe-batch.json': () =>
    expect(sampleEvent<SQSEvent>('sqs/probe-batch.json').Records.map((record) => record.eventSource)).toEqual([
      'aws:sqs',
      'aws:sqs',
      'aws:sqs',
    ]),
  'websocket/connect.json': () =>
    expect(sampleEvent<WebSocketEvent>('websocket/connect.json')).toMatchObject({
      requestContext: { routeKey: '$connect', eventType: 'CONNECT' },
      queryStringParameters: { ticket: expect.any(String) },
    }),
  'websocket/subscribe.json': () =>
    expect(subscribeFrame.parse(JSON.parse(sampleEvent<WebSocketEvent>('websocket/subscribe.json').body!))).toEqual({
      action: 'subscribe',
      channel: 'orders:all',
    }),
  'http/get-health.json': () =>
    expect(sampleEvent<HttpEvent>('http/get-health.json')).toMatchObject({ version: '2.0', routeKey: 'GET /health' }),
  'http/post-register-invalid.json': () => {
    const event = sampleEvent<HttpEvent>('http/post-register-invalid.json');
    const result = registerBody.safeParse(JSON.parse(String(event.body)));
    expect(event).toMatchObject({ version: '2.0', routeKey: 'POST /auth/register' });
    expect(result.success).toBe(false);
    expect(new Set(result.error?.issues.map((issue) => String(issue.path[0] ?? issue.code)))).toEqual(
      new Set(['email', 'password', 'unrecognized_keys']),
    );
  },
};

describe('sample events under events/', () => {
  beforeEach(() => {
    fakes.sent.length = 0;
    fakes.payments.length = 0;
    fakes.deadLetters.length = 0;
    fakes.cleared.count = 0;
  });
  afterEach(() => vi.restoreAllMocks());

  it('each file stands for a known trigger', () => {
    expect(samplesOnDisk().sort()).toEqual(Object.keys(CONTRACTS).sort());
  });

  it.each(Object.entries(CONTRACTS))('%s parses with its contract', (_file, parses) => {
    expect(parses).not.toThrow();
  });

  it('the publisher sends the OrderPlaced insert to the risk step and notifications (never to payments) as contract messages', async () => {
    const { handler } = await import('../../functions/events/publish-events/handler.ts');

    const result = await handler(sampleEvent('dynamodb/order-placed-insert.json'), fakeContext());

    expect(result.batchItemFailures).toEqual([]);
    expect(fakes.sent.map(({ consumer }) => consumer).sort()).toEqual(['notifications', 'risk']);
    for (const { message } of fakes.sent)
      expect(orderEventMessageSchema.parse(message)).toMatchObject({
        type: 'OrderPlaced',
        orderId: '01JSAMPLEORDER0000000000',
        schemaVersion: 1,
      });
  });

  it('the payments worker runs the saga once for the OrderPlaced message, with the correlation id of its attribute', async () => {
    const { handler } = await import('../../functions/payments/process-payments/handler.ts');

    const result = await handler(sampleEvent('sqs/payments-order-placed.json'), fakeContext());

    expect(result.batchItemFailures).toEqual([]);
    expect(fakes.payments).toEqual([
      {
        eventId: '01JSAMPLEEVENT0000000000000',
        type: 'OrderPlaced',
        orderId: '01JSAMPLEORDER0000000000',
        version: 1,
        correlationId: 'sample-corr-1',
      },
    ]);
  });

  it('the catalog invalidator clears the pages once for the product change', async () => {
    const { handler } = await import('../../functions/catalog/invalidate-catalog-cache/handler.ts');

    const result = await handler(sampleEvent('dynamodb/product-change.json'), fakeContext());

    expect(result.batchItemFailures).toEqual([]);
    expect(fakes.cleared.count).toBe(1);
  });

  it('the probe worker retries the failing record and dead-letters the poison one at once', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { handler } = await import('../../functions/ops/probe-worker/handler.ts');

    const result = await handler(sampleEvent('sqs/probe-batch.json'), fakeContext());

    expect(result.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(['sample-fail']);
    expect(fakes.deadLetters.map((letter) => letter.body)).toEqual(['not json']);
  });

  it('health answers events/http/get-health.json with 200 and echoes its correlation id', async () => {
    const { handler } = await import('../../functions/ops/health/handler.ts');

    const response = await handler(sampleEvent<HttpEvent>('http/get-health.json'), fakeContext());

    expect(response.statusCode).toBe(200);
    expect(response.headers?.['x-correlation-id']).toBe('sample-corr-1');
  });
});
