import type { WebSocketEvent } from '#shared/middleware/websocket/types.ts';
import { pingFrame, subscribeFrame, unsubscribeFrame } from '#shared/application/notifications/schemas.ts';
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
import { deployedFunctions } from '../../scripts/openapi/routes.ts';
import { sampleEvent } from '../support/events.ts';
import { fakeContext } from '../support/lambda.ts';

// Every file under events/ stands for one trigger: it parses with that trigger's contract, and drives its handler with
// the composition roots replaced by fakes (the composition root is the only seam; nothing here touches the network).
const fakes = vi.hoisted(() => ({
  sent: [] as Array<{ consumer: string; message: unknown }>,
  payments: [] as unknown[],
  cleared: { count: 0 },
  deadLetters: [] as Array<{ body: string }>,
  risk: { prescored: [] as unknown[], committed: [] as Array<{ order: unknown; correlationId: string }> },
  frames: [] as Array<{ connectionId: string; frame: unknown }>,
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
    eventsConfig: { ORDER_RECONCILE_AFTER_SECONDS: 300 },
    reconcileOrdersDeps: async () => {
      const { InMemoryStalledOrders } = await import('#shared/domain/messaging/testing/in-memory-stalled-orders.ts');
      const { anOrderSetup } = await import('#shared/domain/messaging/testing/stalled-order-finder.contract.ts');
      const stalled = new InMemoryStalledOrders();
      const order = anOrderSetup(1, { id: '01JSAMPLEORDER0000000000' });
      stalled.orders.set(order.id, order);
      return {
        stalled,
        clock: { now: () => new Date('2026-12-01T10:00:00Z') },
        publish: {
          subscriptions: ORDER_EVENT_SUBSCRIPTIONS,
          send: async (consumer: string, message: unknown) => void fakes.sent.push({ consumer, message }),
        },
      };
    },
  };
});
vi.mock('#shared/composition/orders.ts', async () => {
  const { InMemoryOrderRepository } = await import('#shared/domain/orders/testing/in-memory-order-repository.ts');
  return {
    ordersConfig: { ORDER_PAYMENT_DEADLINE_SECONDS: 1800 },
    expireUnpaidOrdersDeps: async () => ({
      orders: {
        orders: new InMemoryOrderRepository(),
        clock: { now: () => new Date('2026-12-01T10:00:00Z') },
        newId: () => '01JSAMPLEEVENT0000000000099',
        retry: { attempts: 1, baseDelayMs: 1 },
      },
      unpaid: { placedBefore: async () => [] },
    }),
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
vi.mock('#shared/composition/risk.ts', () => ({
  riskWorker: async () => ({
    prescore: async (orders: unknown[]) => void fakes.risk.prescored.push(...orders),
    commit: async (order: { orderId: string }, correlationId: string) => {
      fakes.risk.committed.push({ order, correlationId });
      return { orderId: order.orderId, decision: 'approve', modelVersion: 1, variant: 'champion' };
    },
  }),
  riskDeadLetters: deadLetters,
  riskRetry: undefined,
}));
vi.mock('#shared/composition/notifications.ts', async () => {
  const { InMemoryConnectionStore } = await import('#shared/domain/notifications/testing/in-memory-connection-store.ts');
  const { InMemoryTicketStore } = await import('#shared/domain/notifications/testing/in-memory-ticket-store.ts');
  const { newConnection } = await import('#shared/domain/notifications/connection.ts');
  const clock = { now: () => new Date('2026-12-01T10:00:00.000Z') };
  const connections = new InMemoryConnectionStore();
  const tickets = new InMemoryTicketStore();
  const limits = { perUser: 5, stage: 100 };
  // The ticket of events/websocket/connect.json, issued to a support agent; the owner of the sample order is online.
  await tickets.save(
    'b3JkZXJseS1zYW1wbGUtdGlja2V0LTMyLWJ5dGVzISE',
    { userId: '01JSAMPLESUPPORT000000000', roles: ['support'] },
    new Date('2026-12-01T10:01:00.000Z'),
  );
  await connections.open(
    newConnection('owner-connection', { userId: '01JSAMPLECUSTOMER000000000', roles: ['customer'] }, clock.now()),
    limits,
    clock.now(),
  );
  return {
    connectionDeps: async () => ({ tickets, connections, clock, limits }),
    fanOutDeps: async () => ({
      orders: {
        stateAt: async (_orderId: string, version: number) => ({
          customerId: '01JSAMPLECUSTOMER000000000',
          status: 'PENDING_PAYMENT',
          paymentStatus: 'PENDING',
          version,
        }),
      },
      connections,
      pusher: { push: async (connectionId: string, frame: unknown) => (fakes.frames.push({ connectionId, frame }), 'sent' as const) },
      clock,
      concurrency: 4,
    }),
    notificationsDeadLetters: deadLetters,
  };
});
vi.mock('#shared/composition/ledger.ts', async () => {
  const { ledgerFixture } = await import('#shared/application/ledger/testing/ledger-fixture.ts');
  const fixture = ledgerFixture();
  fixture.placeOrder(2);
  return { anchorDeps: async () => fixture.anchorDeps, listenDeps: async () => fixture.listenDeps };
});

/** The sample that drives each function that is not HTTP (HTTP functions: events/http/<function>.json). */
const SAMPLE_OF: Record<string, string> = {
  eventsPublisher: 'dynamodb/order-placed-insert.json',
  invalidateCatalogCache: 'dynamodb/product-change.json',
  processPayments: 'sqs/payments-order-risk-assessed.json',
  assessOrders: 'sqs/risk-order-placed.json',
  notifyOrderUpdates: 'sqs/notifications-order-placed.json',
  probeWorker: 'sqs/probe-batch.json',
  reconcileOrders: 'schedule/reconcile-orders.json',
  expireUnpaidOrders: 'schedule/expire-unpaid-orders.json',
  anchorEvents: 'schedule/ledger-anchor.json',
  listenAnchors: 'schedule/ledger-listen.json',
  connect: 'websocket/connect.json',
  subscribe: 'websocket/subscribe.json',
  unsubscribe: 'websocket/unsubscribe.json',
  ping: 'websocket/ping.json',
  defaultRoute: 'websocket/default.json',
  disconnect: 'websocket/disconnect.json',
};

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
  ...Object.fromEntries(
    ['sqs/payments-order-risk-assessed.json', 'sqs/risk-order-placed.json', 'sqs/notifications-order-placed.json'].map((file) => [
      file,
      () => sampleEvent<SQSEvent>(file).Records.forEach((record) => orderEventMessageSchema.parse(JSON.parse(record.body))),
    ]),
  ),
  ...Object.fromEntries(
    [
      'schedule/ledger-anchor.json',
      'schedule/ledger-listen.json',
      'schedule/reconcile-orders.json',
      'schedule/expire-unpaid-orders.json',
    ].map((file) => [file, () => expect(sampleEvent(file)).toMatchObject({ source: 'aws.events', 'detail-type': 'Scheduled Event' })]),
  ),
  ...Object.fromEntries(
    [
      ['websocket/unsubscribe.json', unsubscribeFrame],
      ['websocket/ping.json', pingFrame],
    ].map(([file, schema]) => [
      file,
      () => void (schema as typeof pingFrame).parse(JSON.parse(sampleEvent<WebSocketEvent>(file as string).body!)),
    ]),
  ),
  'websocket/default.json': () =>
    expect(sampleEvent<WebSocketEvent>('websocket/default.json').requestContext).toMatchObject({
      routeKey: '$default',
      eventType: 'MESSAGE',
    }),
  'websocket/disconnect.json': () =>
    expect(sampleEvent<WebSocketEvent>('websocket/disconnect.json').requestContext).toMatchObject({
      routeKey: '$disconnect',
      eventType: 'DISCONNECT',
    }),
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

// Each test imports handlers (and their bundles' dependencies) for the first time: room for a busy machine.
describe('sample events under events/', { timeout: 30_000 }, () => {
  beforeEach(() => {
    fakes.sent.length = 0;
    fakes.payments.length = 0;
    fakes.deadLetters.length = 0;
    fakes.cleared.count = 0;
    fakes.risk.prescored.length = 0;
    fakes.risk.committed.length = 0;
    fakes.frames.length = 0;
  });
  afterEach(() => vi.restoreAllMocks());

  it('each file stands for a known trigger (HTTP requests: sample-http-events.test.ts)', () => {
    const httpRequests = (file: string) => file.startsWith('http/') && !(file in CONTRACTS);
    expect(
      samplesOnDisk()
        .filter((file) => !httpRequests(file))
        .sort(),
    ).toEqual(Object.keys(CONTRACTS).sort());
  });

  it('every function serverless.yml deploys that is not HTTP has a sample, and its handler is driven below', () => {
    const triggered = Object.entries(deployedFunctions('test'))
      .filter(([, definition]) => (definition.events ?? []).some((event) => !('httpApi' in event)))
      .map(([name]) => name)
      .sort();
    expect(Object.keys(SAMPLE_OF).sort()).toEqual(triggered);
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

  it('the payments worker runs the saga once for the risk decision, with the correlation id of its attribute and its send time', async () => {
    const { handler } = await import('../../functions/payments/process-payments/handler.ts');

    const result = await handler(sampleEvent('sqs/payments-order-risk-assessed.json'), fakeContext());

    expect(result.batchItemFailures).toEqual([]);
    expect(fakes.payments).toEqual([
      {
        eventId: '01JSAMPLEEVENT0000000000001',
        type: 'OrderRiskAssessed',
        orderId: '01JSAMPLEORDER0000000000',
        correlationId: 'sample-corr-1',
        // SentTimestamp 1795705200000: the late-redrive check reads how old the message is.
        sentAt: '2026-11-26T15:00:00.000Z',
      },
    ]);
  });

  it('the risk worker prescores the batch, then commits the OrderPlaced order once with its correlation id', async () => {
    const { handler } = await import('../../functions/risk/assess-orders/handler.ts');

    const result = await handler(sampleEvent('sqs/risk-order-placed.json'), fakeContext());

    expect(result.batchItemFailures).toEqual([]);
    expect(fakes.risk.prescored).toMatchObject([{ orderId: '01JSAMPLEORDER0000000000', customerId: '01JSAMPLECUSTOMER000000000' }]);
    expect(fakes.risk.committed).toMatchObject([{ order: { orderId: '01JSAMPLEORDER0000000000' }, correlationId: 'sample-corr-1' }]);
  });

  it('the notifications worker pushes one order.updated frame to the owner', async () => {
    const { handler } = await import('../../functions/notifications/notify-order-updates/handler.ts');

    const result = await handler(sampleEvent('sqs/notifications-order-placed.json'), fakeContext());

    expect(result.batchItemFailures).toEqual([]);
    expect(fakes.frames).toEqual([
      {
        connectionId: 'owner-connection',
        frame: expect.objectContaining({ type: 'order.updated', orderId: '01JSAMPLEORDER0000000000', event: 'OrderPlaced', version: 1 }),
      },
    ]);
  });

  it('the WebSocket routes: connect with the ticket, subscribe, unsubscribe, ping, an unknown action, disconnect', async () => {
    const frameOf = async (fn: string, file: string) => {
      const { handler } = (await import(`../../functions/notifications/${fn}/handler.ts`)) as {
        handler: (event: WebSocketEvent, context: unknown) => Promise<{ statusCode: number; body?: string }>;
      };
      const response = await handler(sampleEvent<WebSocketEvent>(file), fakeContext());
      return { statusCode: response.statusCode, frame: response.body === undefined ? undefined : JSON.parse(response.body) };
    };
    expect(await frameOf('connect', 'websocket/connect.json')).toEqual({ statusCode: 200, frame: undefined });
    expect(await frameOf('subscribe', 'websocket/subscribe.json')).toMatchObject({ frame: { type: 'subscribed', channel: 'orders:all' } });
    expect(await frameOf('unsubscribe', 'websocket/unsubscribe.json')).toMatchObject({
      frame: { type: 'unsubscribed', channel: 'orders:all' },
    });
    expect(await frameOf('ping', 'websocket/ping.json')).toEqual({ statusCode: 200, frame: { type: 'pong' } });
    expect(await frameOf('default-route', 'websocket/default.json')).toMatchObject({ frame: { type: 'error', code: 'bad_request' } });
    expect(await frameOf('disconnect', 'websocket/disconnect.json')).toMatchObject({ statusCode: 200 });
    // The ticket was single use.
    expect(await frameOf('connect', 'websocket/connect.json')).toMatchObject({ statusCode: 401 });
  });

  it('the ledger schedules: the anchor run seals and sends a batch, the listener runs after it', async () => {
    const anchor = await import('../../functions/ledger/anchor-events/handler.ts');
    const listen = await import('../../functions/ledger/listen-anchors/handler.ts');

    const anchored = await anchor.handler(sampleEvent('schedule/ledger-anchor.json'), fakeContext());
    const listened = await listen.handler(sampleEvent('schedule/ledger-listen.json'), fakeContext());

    expect(anchored).toMatchObject({ action: 'sent' });
    expect(listened).toMatchObject({ confirmed: [] });
  });

  it('the reconciler publishes the events of an order the saga never claimed again, to their consumers', async () => {
    const { handler } = await import('../../functions/events/reconcile-orders/handler.ts');

    const result = await handler(sampleEvent('schedule/reconcile-orders.json'), fakeContext());

    expect(result).toEqual({ checked: 1, republished: 1, failed: 0 });
    expect(fakes.sent.map(({ consumer }) => consumer).sort()).toEqual(['notifications', 'risk']);
  });

  it('the payment deadline sweep runs on its schedule (nothing overdue here)', async () => {
    const { handler } = await import('../../functions/orders/expire-unpaid-orders/handler.ts');

    expect(await handler(sampleEvent('schedule/expire-unpaid-orders.json'), fakeContext())).toEqual({ checked: 0, expired: 0, failed: 0 });
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

  it('health answers events/http/health.json with 200 and echoes its correlation id', async () => {
    const { handler } = await import('../../functions/ops/health/handler.ts');

    const response = await handler(sampleEvent<HttpEvent>('http/health.json'), fakeContext());

    expect(response.statusCode).toBe(200);
    expect(response.headers?.['x-correlation-id']).toBe('sample-corr-1');
  });
});
