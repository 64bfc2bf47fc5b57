import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ulid } from 'ulid';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { localEnv } from '../../tests/support/integration.ts';
import type { Invoke, InvokeResult } from './lambda-invoke.ts';
import { startSqsPoller, type Poller } from './sqs-poller.ts';

// The local SQS event source mapping against the real emulator, with a stand-in for serverless offline's invoke
// endpoint that records what each invocation got and when. Waits are for conditions, with generous deadlines.
const env = localEnv();
const sqs = new SQSClient({
  region: env.AWS_REGION,
  endpoint: env.SQS_ENDPOINT,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const queues: string[] = [];
const pollers: Poller[] = [];

afterEach(async () => {
  await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
});
afterAll(async () => {
  await Promise.all(queues.map((QueueUrl) => sqs.send(new DeleteQueueCommand({ QueueUrl }))));
  sqs.destroy();
});

const until = async (condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

/** A queue and its DLQ of the test's own; `visibility` seconds, to the DLQ on the `maxReceiveCount`th receive. */
const queuePair = async (visibility: number, maxReceiveCount = 3) => {
  const run = ulid().slice(-10).toLowerCase();
  const { QueueUrl: dlqUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `poller-dlq-${run}` }));
  const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  const { QueueUrl: url } = await sqs.send(
    new CreateQueueCommand({
      QueueName: `poller-${run}`,
      Attributes: {
        VisibilityTimeout: String(visibility),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount }),
      },
    }),
  );
  queues.push(url!, dlqUrl!);
  return { url: url!, dlqUrl: dlqUrl! };
};

const depth = async (url: string): Promise<number> => {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
    }),
  );
  // The emulator holds a message just sent as delayed until a 0 ms timer fires, and counts it only there meanwhile.
  return ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'].reduce(
    (sum, name) => sum + Number(Attributes?.[name as keyof typeof Attributes] ?? 0),
    0,
  );
};

const send = async (url: string, bodies: string[]) => {
  for (let start = 0; start < bodies.length; start += 10) {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: bodies.slice(start, start + 10).map((body, index) => ({ Id: String(index), MessageBody: body })),
      }),
    );
  }
};

interface Call {
  bodies: string[];
  receiveCounts: number[];
}

interface LambdaRecord {
  messageId: string;
  body: string;
  attributes: { ApproximateReceiveCount?: string };
}

/** A function stand-in: records each invocation, runs `hold` while it is in flight, then answers with `answer`. */
const fakeFunction = (answer: (records: LambdaRecord[]) => InvokeResult, hold: (call: Call) => Promise<void> = async () => {}) => {
  const calls: Call[] = [];
  const inFlight = new Set<string>();
  const overlaps: string[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const invoke: Invoke = async (_name, event) => {
    const records = (event as { Records: LambdaRecord[] }).Records;
    const call = {
      bodies: records.map((record) => record.body),
      receiveCounts: records.map((record) => Number(record.attributes.ApproximateReceiveCount)),
    };
    calls.push(call);
    overlaps.push(...call.bodies.filter((body) => inFlight.has(body)));
    call.bodies.forEach((body) => inFlight.add(body));
    running += 1;
    mostAtOnce = Math.max(mostAtOnce, running);
    try {
      await hold(call);
      return answer(records);
    } finally {
      running -= 1;
      call.bodies.forEach((body) => inFlight.delete(body));
    }
  };
  return { invoke, calls, overlaps, mostAtOnce: () => mostAtOnce, delivered: () => calls.flatMap((call) => call.bodies) };
};

const poll = (url: string, invoke: Invoke, options: { maxConcurrency?: number; reportBatchItemFailures?: boolean } = {}) => {
  const poller = startSqsPoller({
    sqs,
    queueUrl: url,
    queueArn: 'arn:aws:sqs:eu-west-1:000000000000:poller',
    region: 'eu-west-1',
    functionName: 'fake',
    timeoutSeconds: 10,
    batchSize: 10,
    reportBatchItemFailures: options.reportBatchItemFailures ?? true,
    maxConcurrency: options.maxConcurrency ?? 3,
    invoke,
    log: () => {},
  });
  pollers.push(poller);
  return poller;
};

describe('the local SQS event source mapping', () => {
  it('drains a backlog with several batches in flight, never more than its bound, each message once', async () => {
    const { url } = await queuePair(30);
    const bodies = Array.from({ length: 60 }, (_, index) => `m${index}`);
    await send(url, bodies);
    // Each invocation waits until a second one is running (or the backlog is nearly gone): proves batches overlap.
    const fn: ReturnType<typeof fakeFunction> = fakeFunction(
      () => ({ ok: true }),
      () => until(() => fn.mostAtOnce() >= 2 || fn.delivered().length >= 50, 'a second batch in flight'),
    );
    poll(url, fn.invoke, { maxConcurrency: 3 });

    await until(async () => fn.delivered().length >= 60 && (await depth(url)) === 0, 'the backlog drained');
    expect(fn.delivered().sort()).toEqual([...bodies].sort());
    expect(fn.mostAtOnce()).toBeGreaterThanOrEqual(2);
    expect(fn.mostAtOnce()).toBeLessThanOrEqual(3);
    expect(fn.calls.every((call) => call.bodies.length <= 10)).toBe(true);
  });

  it('never hands a message to a second invocation while the first still runs, even past the visibility timeout', async () => {
    const { url } = await queuePair(1);
    // The slow batch comes first and is full, so more lanes start; a backlog of quicker batches keeps them receiving
    // while the slow one runs 2.5 s, well past its 1 s visibility timeout.
    await send(url, ['slow', ...Array.from({ length: 9 }, (_, index) => `first-${index}`)]);
    await send(
      url,
      Array.from({ length: 300 }, (_, index) => `fill-${index}`),
    );
    const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
    const fn = fakeFunction(
      () => ({ ok: true }),
      (call) => pause(call.bodies.includes('slow') ? 2_500 : 150),
    );
    poll(url, fn.invoke, { maxConcurrency: 3 });

    await until(async () => fn.delivered().length >= 310 && (await depth(url)) === 0, 'every message acknowledged', 60_000);
    expect(fn.mostAtOnce()).toBeGreaterThanOrEqual(2);
    expect(fn.overlaps).toEqual([]);
    expect(new Set(fn.delivered()).size).toBe(fn.delivered().length);
  });

  it('redelivers only the reported failures and moves a message to the DLQ on its maxReceiveCount-th receive', async () => {
    const { url, dlqUrl } = await queuePair(1, 3);
    await send(url, ['ok-1', 'poison', 'ok-2']);
    const fn = fakeFunction((records) => ({
      ok: true,
      payload: {
        batchItemFailures: records.filter((record) => record.body === 'poison').map((record) => ({ itemIdentifier: record.messageId })),
      },
    }));
    poll(url, fn.invoke, { maxConcurrency: 3 });

    await until(async () => (await depth(dlqUrl)) === 1 && (await depth(url)) === 0, 'the poison message in the DLQ', 30_000);
    expect(
      fn
        .delivered()
        .filter((body) => body.startsWith('ok-'))
        .sort(),
    ).toEqual(['ok-1', 'ok-2']);
    const poisonCounts = fn.calls.flatMap((call) => call.receiveCounts.filter((_, index) => call.bodies[index] === 'poison'));
    expect(poisonCounts).toEqual([1, 2, 3]);
  });

  it('leaves the whole batch when the function fails, and delivers it again', async () => {
    const { url } = await queuePair(1, 5);
    await send(url, ['a', 'b']);
    // Fails every batch holding a message on its first receive, however the two are batched.
    const fn = fakeFunction((records) =>
      records.some((record) => record.attributes.ApproximateReceiveCount === '1') ? { ok: false, error: 'boom' } : { ok: true },
    );
    poll(url, fn.invoke, { maxConcurrency: 2 });

    // Depth alone proves nothing before the first receive: wait for both deliveries of each message too.
    const deliveries = (body: string) => fn.delivered().filter((delivered) => delivered === body).length;
    await until(async () => deliveries('a') >= 2 && deliveries('b') >= 2 && (await depth(url)) === 0, 'the retried batch acknowledged');
    expect(fn.delivered().filter((body) => body === 'a')).toHaveLength(2);
    expect(fn.delivered().filter((body) => body === 'b')).toHaveLength(2);
  });

  it('stops promptly while idle', async () => {
    const { url } = await queuePair(30);
    const poller = poll(url, fakeFunction(() => ({ ok: true })).invoke);
    const started = Date.now();
    await poller.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
