import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { InMemoryDeadLetterQueue } from '#shared/domain/messaging/testing/in-memory-dead-letter-queue.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { metrics } from '#shared/observability/index.ts';
import { fakeContext, sqsEvent, sqsRecord } from '../../../tests/support/lambda.ts';
import type { MessageVisibility } from '#shared/domain/messaging/ports.ts';
import { UnavailableError } from '#shared/domain/errors.ts';
import { sqsWorker } from './worker.ts';

const schema = z.object({ id: z.string(), fail: z.enum(['transient', 'invalid']).optional() }).strict();

const recordingWorker = (deadlineGuardMs?: number) => {
  const seen: Array<{ id: string; correlationId: string }> = [];
  const dlq = new InMemoryDeadLetterQueue();
  const handler = sqsWorker(
    { schema, deadLetters: dlq.getter, ...(deadlineGuardMs === undefined ? {} : { deadlineGuardMs }) },
    async (message, { correlationId }) => {
      if (message.fail === 'transient') throw new Error(`asked to fail ${message.id}`);
      if (message.fail === 'invalid') throw new ValidationError(`order ${message.id} can never be processed`);
      seen.push({ id: message.id, correlationId });
    },
  );
  return { handler, seen, dlq };
};

const attribute = (value: string) => ({ stringValue: value, dataType: 'String', stringListValues: [], binaryListValues: [] });

describe('SQS worker spine', () => {
  afterEach(() => vi.restoreAllMocks());
  const quietErrors = () => vi.spyOn(console, 'error').mockImplementation(() => undefined);

  it('reports only the transient failures, so SQS redelivers just those', async () => {
    quietErrors();
    const { handler, seen, dlq } = recordingWorker();
    const event = sqsEvent([
      sqsRecord('{"id":"a"}', { messageId: 'm1' }),
      sqsRecord('{"id":"b","fail":"transient"}', { messageId: 'm2' }),
      sqsRecord('{"id":"c"}', { messageId: 'm3' }),
    ]);

    const result = await handler(event, fakeContext());

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }]);
    expect(seen.map((entry) => entry.id)).toEqual(['a', 'c']);
    expect(dlq.letters).toEqual([]);
  });

  it.each([
    ['not JSON', 'not json at all', /body is not JSON/],
    ['an unknown field', '{"id":"x","extra":1}', /body is invalid: \(root\): Unrecognized key/],
    ['a missing field', '{}', /body is invalid: id:/],
    ['a use case error of kind invalid', '{"id":"x","fail":"invalid"}', /ValidationError: order x can never be processed/],
  ])('sends a record with %s to the DLQ once, with its body, attributes and reason, and acknowledges it', async (_label, body, reason) => {
    const errors = quietErrors();
    const counted = vi.spyOn(metrics, 'addMetric');
    const { handler, seen, dlq } = recordingWorker();
    const record = sqsRecord(body, { messageId: 'poison', messageAttributes: { correlationId: attribute('corr-9') } });

    const result = await handler(sqsEvent([record]), fakeContext());

    expect(result.batchItemFailures).toEqual([]);
    expect(seen).toEqual([]);
    expect(dlq.letters).toEqual([
      {
        body,
        attributes: {
          correlationId: { dataType: 'String', stringValue: 'corr-9' },
          deadLetterReason: { dataType: 'String', stringValue: expect.stringMatching(reason) },
        },
      },
    ]);
    expect(errors.mock.calls.filter(([line]) => String(line).includes('dead-letter'))).toHaveLength(1);
    expect(counted.mock.calls.filter(([name]) => name === 'RecordsDeadLettered')).toHaveLength(1);
    expect(counted.mock.calls.filter(([name]) => name === 'RecordsFailed')).toHaveLength(0);
  });

  it('retries an invalid record when its DLQ cannot be reached, so nothing is lost', async () => {
    quietErrors();
    const { handler, dlq } = recordingWorker();
    dlq.failing = true;

    const result = await handler(sqsEvent([sqsRecord('not json', { messageId: 'poison' })]), fakeContext());

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'poison' }]);
  });

  it('carries the producer correlation id from the message attributes', async () => {
    const { handler, seen } = recordingWorker();
    const record = sqsRecord('{"id":"a"}', { messageAttributes: { correlationId: attribute('corr-7') } });

    await handler(sqsEvent([record]), fakeContext());

    expect(seen).toEqual([{ id: 'a', correlationId: 'corr-7' }]);
  });

  it('stops taking records near the deadline and reports the rest as failures', async () => {
    quietErrors();
    const { handler, seen } = recordingWorker(5_000);
    const event = sqsEvent([sqsRecord('{"id":"a"}', { messageId: 'm1' }), sqsRecord('{"id":"b"}', { messageId: 'm2' })]);

    const result = await handler(event, fakeContext(4_000));

    expect(seen).toEqual([]);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }]);
  });

  describe('with per-record backoff', () => {
    const backingOff = (failure: () => Error, visibility: MessageVisibility) =>
      sqsWorker(
        {
          schema,
          deadLetters: new InMemoryDeadLetterQueue().getter,
          retry: { visibility: async () => visibility, schedule: { baseSeconds: 2, maxSeconds: 40 } },
        },
        async (message) => {
          if (message.fail === 'transient') throw failure();
          if (message.fail === 'invalid') throw new ValidationError('never');
        },
      );

    it.each([
      ['the 1st', '1', 1, 2],
      ['the 4th', '4', 8, 16],
      ['the 30th', '30', 20, 40],
    ])('hides a record failing for %s time for its backoff and reports it', async (_label, receiveCount, min, max) => {
      quietErrors();
      const hidden: Array<[string, number]> = [];
      const handler = backingOff(() => new Error('provider down'), {
        hide: async (handle, seconds) => void hidden.push([handle, seconds]),
      });
      const record = sqsRecord('{"id":"a","fail":"transient"}', {
        messageId: 'm1',
        receiptHandle: 'rh-1',
        attributes: { ...sqsRecord('').attributes, ApproximateReceiveCount: receiveCount },
      });

      const result = await handler(sqsEvent([record, sqsRecord('{"id":"b"}', { receiptHandle: 'rh-2' })]), fakeContext());

      expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
      expect(hidden).toHaveLength(1);
      expect(hidden[0]![0]).toBe('rh-1');
      expect(hidden[0]![1]).toBeGreaterThanOrEqual(min);
      expect(hidden[0]![1]).toBeLessThanOrEqual(max);
    });

    it('waits at least as long as an open breaker asks, on the same path', async () => {
      quietErrors();
      const hidden: number[] = [];
      const handler = backingOff(() => new UnavailableError('circuit open', { retryAfterSeconds: 10 }), {
        hide: async (_handle, seconds) => void hidden.push(seconds),
      });

      await handler(sqsEvent([sqsRecord('{"id":"a","fail":"transient"}')]), fakeContext());

      expect(hidden).toEqual([10]);
    });

    it('still reports the failure when the visibility change fails (the queue timeout applies)', async () => {
      quietErrors();
      const handler = backingOff(() => new Error('provider down'), {
        hide: () => Promise.reject(new Error('throttled')),
      });

      const result = await handler(sqsEvent([sqsRecord('{"id":"a","fail":"transient"}', { messageId: 'm1' })]), fakeContext());

      expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    });

    it('makes records it never tried near the deadline visible again at once: no backoff, no error', async () => {
      const errors = quietErrors();
      const hidden: Array<[string, number]> = [];
      const handler = sqsWorker(
        {
          schema,
          deadLetters: new InMemoryDeadLetterQueue().getter,
          deadlineGuardMs: 5_000,
          retry: {
            visibility: async () => ({ hide: async (handle, seconds) => void hidden.push([handle, seconds]) }),
            schedule: { baseSeconds: 2, maxSeconds: 40 },
          },
        },
        async () => {},
      );
      const untried = (id: string, receiveCount: string) =>
        sqsRecord(`{"id":"${id}"}`, {
          messageId: `m-${id}`,
          receiptHandle: `rh-${id}`,
          attributes: { ...sqsRecord('').attributes, ApproximateReceiveCount: receiveCount },
        });

      const result = await handler(sqsEvent([untried('a', '1'), untried('b', '7')]), fakeContext(4_000));

      expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-a' }, { itemIdentifier: 'm-b' }]);
      expect(hidden).toEqual([
        ['rh-a', 0],
        ['rh-b', 0],
      ]);
      expect(errors).not.toHaveBeenCalled();
    });

    it.each([
      ['still running at the deadline guard', () => new Promise<void>(() => {})],
      ['slower than the time left', () => new Promise<void>((resolve) => setTimeout(resolve, 10_000))],
    ])('leaves the batch untried, visible again at once, when its preparation is %s', async (_label, preparation) => {
      vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      const hidden: Array<[string, number]> = [];
      const seen: string[] = [];
      const handler = sqsWorker(
        {
          schema,
          deadLetters: new InMemoryDeadLetterQueue().getter,
          deadlineGuardMs: 1_000,
          retry: {
            visibility: async () => ({ hide: async (handle, seconds) => void hidden.push([handle, seconds]) }),
            schedule: { baseSeconds: 2, maxSeconds: 40 },
          },
          prepareBatch: preparation,
        },
        async (message) => void seen.push(message.id),
      );
      const started = Date.now();

      const result = await handler(
        sqsEvent([
          sqsRecord('{"id":"a"}', { messageId: 'm-a', receiptHandle: 'rh-a' }),
          sqsRecord('{"id":"b"}', { messageId: 'm-b', receiptHandle: 'rh-b' }),
        ]),
        fakeContext(1_500),
      );

      expect(Date.now() - started).toBeLessThan(1_500);
      expect(seen).toEqual([]);
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-a' }, { itemIdentifier: 'm-b' }]);
      expect(hidden).toEqual([
        ['rh-a', 0],
        ['rh-b', 0],
      ]);
    });

    it.each([
      ['finished', async () => {}],
      ['failed', async () => Promise.reject(new Error('inputs failed to load'))],
    ])('takes every record after a batch preparation that %s', async (_label, preparation) => {
      vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      const seen: string[] = [];
      const handler = sqsWorker(
        { schema, deadLetters: new InMemoryDeadLetterQueue().getter, prepareBatch: preparation },
        async (message) => void seen.push(message.id),
      );

      const result = await handler(sqsEvent([sqsRecord('{"id":"a"}'), sqsRecord('{"id":"b"}')]), fakeContext());

      expect(result.batchItemFailures).toEqual([]);
      expect(seen).toEqual(['a', 'b']);
    });

    it('never backs off a record it dead-letters', async () => {
      quietErrors();
      const hidden: number[] = [];
      const handler = backingOff(() => new Error('x'), { hide: async (_handle, seconds) => void hidden.push(seconds) });

      await handler(sqsEvent([sqsRecord('{"id":"a","fail":"invalid"}')]), fakeContext());

      expect(hidden).toEqual([]);
    });
  });
});
