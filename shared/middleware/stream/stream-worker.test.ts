import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { invalidStreamRecordSchema } from '#shared/contracts/dead-letters.ts';
import { InMemoryDeadLetterQueue } from '#shared/contracts/testing/in-memory-dead-letter-queue.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { metrics } from '#shared/observability/index.ts';
import { fakeContext } from '../../../tests/support/lambda.ts';
import { streamWorker } from './stream-worker.ts';

const schema = z.object({ entity: z.literal('Thing'), id: z.string(), fail: z.enum(['transient', 'invalid']).optional() });

const record = (sequence: number, image: Record<string, unknown> | undefined): DynamoDBRecord => ({
  eventID: `ev-${sequence}`,
  eventName: 'INSERT',
  eventSourceARN: 'arn:aws:dynamodb:eu-west-1:000000000000:table/orderly-test/stream/1',
  dynamodb: {
    Keys: marshall({ PK: `THING#${sequence}`, SK: 'THING' }) as never,
    NewImage: image === undefined ? undefined : (marshall(image) as never),
    SequenceNumber: String(sequence),
    ApproximateCreationDateTime: 1_795_000_000,
  },
});
const thing = (sequence: number, extra: Record<string, unknown> = {}) =>
  record(sequence, { entity: 'Thing', id: `t${sequence}`, ...extra });
const events = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

const recordingWorker = (mode: 'each' | 'batch') => {
  const seen: Array<{ id: string; correlationId: string }> = [];
  const batches: string[][] = [];
  const dlq = new InMemoryDeadLetterQueue();
  const options = { entity: 'Thing', schema, deadLetters: dlq.getter };
  const handler =
    mode === 'each'
      ? streamWorker(options, {
          each: async ({ item, correlationId }) => {
            if (item.fail === 'transient') throw new Error(`asked to fail ${item.id}`);
            if (item.fail === 'invalid') throw new ValidationError(`${item.id} can never be processed`);
            seen.push({ id: item.id, correlationId });
          },
        })
      : streamWorker(options, {
          batch: async (entries) => {
            batches.push(entries.map(({ item }) => item.id));
            if (entries.some(({ item }) => item.fail)) throw new Error('batch failed');
          },
        });
  return { handler, seen, batches, dlq };
};

describe('DynamoDB stream spine', () => {
  afterEach(() => vi.restoreAllMocks());
  const quietErrors = () => vi.spyOn(console, 'error').mockImplementation(() => undefined);

  it('handles records in order with the correlation id of each item, skipping other entities and removals', async () => {
    const { handler, seen } = recordingWorker('each');

    const result = await handler(
      events(thing(1, { correlationId: 'corr-1' }), record(2, { entity: 'Other', id: 'o' }), record(3, undefined), thing(4)),
      fakeContext(),
    );

    expect(result.batchItemFailures).toEqual([]);
    expect(seen).toEqual([
      { id: 't1', correlationId: 'corr-1' },
      { id: 't4', correlationId: 'ev-4' },
    ]);
  });

  it('stops at the first transient failure and reports it, so the retry starts there and nothing after it ran', async () => {
    quietErrors();
    const { handler, seen, dlq } = recordingWorker('each');

    const result = await handler(
      events(thing(1), thing(2, { fail: 'transient' }), thing(3), record(4, { entity: 'Thing' })),
      fakeContext(),
    );

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '2' }]);
    expect(seen.map(({ id }) => id)).toEqual(['t1']);
    expect(dlq.letters).toEqual([]);
  });

  it.each([
    ['a schema failure', record(2, { entity: 'Thing' }), /new image is invalid: id:/],
    ['a use case error of kind invalid', thing(2, { fail: 'invalid' }), /ValidationError: t2 can never be processed/],
  ])('sends a record with %s to the on-failure queue once and acknowledges it', async (_case, poison, reason) => {
    const errors = quietErrors();
    const counted = vi.spyOn(metrics, 'addMetric');
    const { handler, seen, dlq } = recordingWorker('each');

    const result = await handler(events(thing(1), poison, thing(3)), fakeContext());

    expect(result.batchItemFailures).toEqual([]);
    expect(seen.map(({ id }) => id)).toEqual(['t1', 't3']);
    expect(dlq.letters).toHaveLength(1);
    const letter = invalidStreamRecordSchema.parse(JSON.parse(dlq.letters[0]!.body));
    expect(letter).toMatchObject({
      requestContext: { condition: 'InvalidRecord' },
      DDBStreamBatchInfo: { startSequenceNumber: '2', endSequenceNumber: '2', batchSize: 1 },
      record: { eventID: 'ev-2', keys: { PK: 'THING#2', SK: 'THING' } },
    });
    expect(letter.reason).toMatch(reason);
    expect(dlq.letters[0]!.attributes.deadLetterReason?.stringValue).toBe(letter.reason);
    expect(counted.mock.calls.filter(([name]) => name === 'RecordsDeadLettered')).toHaveLength(1);
    expect(errors.mock.calls.filter(([line]) => String(line).includes('dead-letter'))).toHaveLength(1);
  });

  it('leaves an invalid record after a transient failure for the retry, so it is dead-lettered only once', async () => {
    quietErrors();
    const { handler, dlq } = recordingWorker('each');

    const result = await handler(events(thing(1, { fail: 'transient' }), record(2, { entity: 'Thing' })), fakeContext());

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '1' }]);
    expect(dlq.letters).toEqual([]);
  });

  it('retries from an invalid record whose on-failure queue cannot be reached', async () => {
    quietErrors();
    const { handler, dlq } = recordingWorker('each');
    dlq.failing = true;

    const result = await handler(events(thing(1), record(2, { entity: 'Thing' }), thing(3)), fakeContext());

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '2' }]);
  });

  it('hands every valid record of the batch over in one call, and dead-letters the invalid ones', async () => {
    quietErrors();
    const { handler, batches, dlq } = recordingWorker('batch');

    const result = await handler(events(thing(1), record(2, { entity: 'Thing' }), thing(3)), fakeContext());

    expect(result.batchItemFailures).toEqual([]);
    expect(batches).toEqual([['t1', 't3']]);
    expect(dlq.letters).toHaveLength(1);
  });

  it('retries a failed batch from its first valid record, dead-lettering only the invalid records before it', async () => {
    quietErrors();
    const { handler, dlq } = recordingWorker('batch');

    const result = await handler(
      events(record(1, { entity: 'Thing' }), thing(2, { fail: 'transient' }), record(3, { entity: 'Thing' })),
      fakeContext(),
    );

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '2' }]);
    expect(dlq.letters.map((letter) => JSON.parse(letter.body).record.eventID)).toEqual(['ev-1']);
  });

  it('does nothing for a batch with nothing of its entity', async () => {
    const { handler, batches } = recordingWorker('batch');

    expect(await handler(events(record(1, { entity: 'Other' })), fakeContext())).toEqual({ batchItemFailures: [] });
    expect(batches).toEqual([]);
  });
});
