import { createServer, type Server } from 'node:http';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/local/ports.ts';
import { startLocalStack, type LocalStack } from '../../scripts/local/stack.ts';

// The local event source mappings against the real emulators, with a fake Lambda API in place of
// serverless offline so the semantics are tested without building any handler.
type FakeResponse = { error?: boolean; body?: unknown };
interface FakeRecord {
  messageId?: string;
  body?: string;
  attributes?: Record<string, string>;
  dynamodb?: { SequenceNumber?: string; NewImage?: Record<string, { S?: string }> };
  [other: string]: unknown;
}
type FakeFunction = (event: { Records: FakeRecord[] }) => FakeResponse;
const idOf = (record: FakeRecord): string | undefined => record.dynamodb?.NewImage?.id?.S;
const functions = new Map<string, FakeFunction>();
const invocations: { name: string; records: FakeRecord[] }[] = [];

const startFakeLambdaApi = (port: number): Promise<Server> =>
  new Promise((resolve) => {
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const name = decodeURIComponent(/functions\/([^/]+)\/invocations/.exec(req.url ?? '')?.[1] ?? '');
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      invocations.push({ name, records: event.Records });
      const handler = functions.get(name);
      if (!handler) {
        res.writeHead(404).end();
        return;
      }
      const outcome = handler(event);
      res.writeHead(200, outcome.error ? { 'x-amz-function-error': 'Unhandled' } : {}).end(JSON.stringify(outcome.body ?? null));
    });
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

const waitFor = async <T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition not met in time');
};

let stack: LocalStack;
let fakeLambda: Server;

beforeAll(async () => {
  const lambdaPort = await freePort();
  fakeLambda = await startFakeLambdaApi(lambdaPort);
  stack = await startLocalStack({
    stage: 'test',
    offline: false,
    quiet: !process.env.LOCAL_STACK_DEBUG,
    ports: {
      dynamodb: await freePort(),
      sqs: await freePort(),
      lambda: lambdaPort,
      http: await freePort(),
      websocket: await freePort(),
      paymentProvider: await freePort(),
    },
    maxVisibilityTimeout: 2,
    streamRetryBaseDelayMs: 10,
  });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  fakeLambda?.close();
});

const queue = (id: string) => stack.resources.queues[id] as { url: string; arn: string };
const receiveAll = async (url: string) =>
  (await stack.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }))).Messages ?? [];
const bodiesFor = (name: string) =>
  invocations.filter((call) => call.name === name).flatMap((call) => call.records.map((record) => record.body ?? idOf(record)));

describe('resources from the printed serverless config', () => {
  it('creates the table with its stream and the queues with their redrive policies', async () => {
    expect(stack.resources.tables.Table?.name).toBe('orderly-test');
    expect(stack.resources.tables.Table?.streamArn).toMatch(/stream/);
    const { Attributes } = await stack.clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queue('PaymentsQueue').url, AttributeNames: ['All'] }),
    );
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toEqual({ deadLetterTargetArn: queue('PaymentsDLQ').arn, maxReceiveCount: 400 });
    expect(Attributes?.MessageRetentionPeriod).toBe('345600');
  });

  it('hands every queue-URL variable of the functions the local URL', () => {
    expect(stack.env.QUEUE_URL_PAYMENTS).toBe(queue('PaymentsQueue').url);
    expect(stack.env.QUEUE_URL_NOTIFICATIONS).toBe(queue('NotificationsQueue').url);
    expect(stack.env.HEALTH_QUEUE_URL).toBe(queue('PaymentsQueue').url);
    expect(stack.env.PAYMENTS_DLQ_URL).toBe(queue('PaymentsDLQ').url);
    expect(stack.env.EVENTS_PUBLISHER_FAILURE_QUEUE_URL).toBe(queue('EventsPublisherFailureQueue').url);
    expect(stack.env.CATALOG_CACHE_INVALIDATION_FAILURE_QUEUE_URL).toBe(queue('CatalogCacheInvalidationFailureQueue').url);
    expect(stack.env.PROBE_DLQ_URL).toBe(queue('ProbeDLQ').url);
    expect(stack.env.TABLE_NAME).toBe('orderly-test');
  });
});

describe('sqs trigger', () => {
  it('redelivers only the reported failures and dead-letters them after maxReceiveCount', async () => {
    const counts: Record<string, string[]> = {};
    functions.set('orderly-test-probeWorker', ({ Records }) => {
      for (const record of Records) (counts[record.body ?? ''] ??= []).push(record.attributes?.ApproximateReceiveCount ?? '?');
      const failures = Records.filter(
        (record) => record.body === 'poison' || (record.body === 'crash-once' && record.attributes?.ApproximateReceiveCount === '1'),
      );
      return { body: { batchItemFailures: failures.map((record) => ({ itemIdentifier: record.messageId })) } };
    });
    for (const body of ['ok', 'poison', 'crash-once']) {
      await stack.clients.sqs.send(
        new SendMessageCommand({
          QueueUrl: queue('ProbeQueue').url,
          MessageBody: body,
          MessageAttributes: { kind: { DataType: 'String', StringValue: 'probe' } },
        }),
      );
    }
    const dead = await waitFor(async () => (await receiveAll(queue('ProbeDLQ').url)).find((message) => message.Body === 'poison'), 30_000);
    expect(dead).toBeDefined();
    expect(counts.ok).toEqual(['1']);
    expect(counts['crash-once']).toEqual(['1', '2']);
    expect(counts.poison).toEqual(['1', '2', '3', '4', '5']);
    const record = invocations.find((call) => call.name === 'orderly-test-probeWorker')?.records[0];
    expect(record).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: queue('ProbeQueue').arn,
      awsRegion: 'eu-west-1',
      messageAttributes: { kind: { stringValue: 'probe', dataType: 'String' } },
    });
  }, 40_000);
});

describe('dynamodb stream trigger', () => {
  const putEvent = (id: string, entity = 'OrderEvent') =>
    stack.clients.dynamodb.send(
      new PutItemCommand({
        TableName: 'orderly-test',
        Item: { PK: { S: `TEST#${id}` }, SK: { S: id }, id: { S: id }, entity: { S: entity } },
      }),
    );

  it('filters, bisects a failing batch and retries the failing record with backoff, past 5 tries, until it heals; the shard waits', async () => {
    let healed = false;
    functions.set('orderly-test-eventsPublisher', ({ Records }) => ({
      error: !healed && Records.some((record) => idOf(record) === 'stuck'),
    }));
    for (const id of ['first', 'not-an-event', 'stuck', 'last']) await putEvent(id, id === 'not-an-event' ? 'Order' : 'OrderEvent');
    // maximumRetryAttempts -1 (infra/functions.yml): well past Lambda's old 5 retries, and the records behind it wait.
    await waitFor(() => bodiesFor('orderly-test-eventsPublisher').filter((id) => id === 'stuck').length >= 9);
    const tries = invocations.filter(
      (call) => call.name === 'orderly-test-eventsPublisher' && call.records.some((r) => idOf(r) === 'stuck'),
    );
    expect(tries.at(-1)!.records.map(idOf)).toEqual(['stuck']); // halved down to the one failing record
    // `last` was at most in the first, failed, whole batch: it waits behind `stuck` (per-shard order).
    const withLast = () =>
      invocations.filter((call) => call.name === 'orderly-test-eventsPublisher' && call.records.some((r) => idOf(r) === 'last')).length;
    const triedBeforeHealing = withLast();
    expect(triedBeforeHealing).toBeLessThanOrEqual(1);
    healed = true;

    await waitFor(() => withLast() > triedBeforeHealing);
    const delivered = bodiesFor('orderly-test-eventsPublisher');
    expect(delivered).not.toContain('not-an-event');
    expect(delivered.filter((id) => id === 'first').length).toBeGreaterThanOrEqual(1);
    expect(await receiveAll(queue('EventsPublisherFailureQueue').url)).toEqual([]);
  }, 40_000);

  it('reports a batch to the failure queue once a mapping with a retry limit has used it up, and moves on', async () => {
    const name = 'orderly-test-invalidateCatalogCache';
    functions.set(name, ({ Records }) => ({ error: Records.some((record) => idOf(record) === 'poison') }));
    for (const id of ['poison', 'after']) await putEvent(id, 'Product');
    const [failure] = await waitFor(async () => {
      const found = await receiveAll(queue('CatalogCacheInvalidationFailureQueue').url);
      return found.length ? found : undefined;
    });
    const info = JSON.parse(failure?.Body ?? '{}');
    expect(info.requestContext).toMatchObject({ condition: 'RetryAttemptsExhausted', functionArn: expect.stringContaining(name) });
    expect(info.DDBStreamBatchInfo).toMatchObject({
      batchSize: 1,
      streamArn: stack.resources.tables.Table?.streamArn,
      shardId: expect.any(String),
    });
    expect(info.DDBStreamBatchInfo.startSequenceNumber).toBe(info.DDBStreamBatchInfo.endSequenceNumber);
    await waitFor(() => bodiesFor(name).includes('after'));
    expect(bodiesFor(name).filter((id) => id === 'poison').length).toBeGreaterThanOrEqual(6); // first try + 5 retries
  }, 30_000);

  it('retries from the first reported item failure and keeps order', async () => {
    const seen: string[] = [];
    let failedOnce = false;
    functions.set('orderly-test-eventsPublisher', ({ Records }) => {
      const ids = Records.map((record) => idOf(record) ?? '');
      seen.push(...ids);
      const flaky = Records.find((record) => idOf(record) === 'flaky');
      if (flaky && !failedOnce) {
        failedOnce = true;
        return { body: { batchItemFailures: [{ itemIdentifier: flaky.dynamodb?.SequenceNumber }] } };
      }
      return { body: { batchItemFailures: [] } };
    });
    for (const id of ['a', 'flaky', 'b']) await putEvent(id);
    await waitFor(() => seen.filter((id) => id === 'b').length >= 1 && seen.filter((id) => id === 'flaky').length === 2);
    expect(seen.filter((id) => id === 'a')).toHaveLength(1);
    expect(seen.lastIndexOf('flaky')).toBeLessThan(seen.lastIndexOf('b'));
    const item = await stack.clients.dynamodb.send(
      new GetItemCommand({ TableName: 'orderly-test', Key: { PK: { S: 'TEST#b' }, SK: { S: 'b' } } }),
    );
    expect(item.Item).toBeDefined();
  }, 20_000);
});

describe('port check', () => {
  it('fails fast, naming the variable to change, when a port is taken', async () => {
    const busy = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => busy.listen(port, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      await expect(
        startLocalStack({
          offline: false,
          quiet: true,
          ports: { dynamodb: port, sqs: await freePort(), paymentProvider: await freePort() },
        }),
      ).rejects.toThrow(/port \d+ .*in use.*DYNAMODB_PORT/);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      busy.close();
    }
  });
});
