import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { fakeContext, sqsEvent, sqsRecord } from '../../../tests/support/lambda.ts';
import { sqsWorker } from './worker.ts';

const schema = z.object({ id: z.string(), fail: z.boolean().default(false) }).strict();

const recordingWorker = (deadlineGuardMs?: number) => {
  const seen: Array<{ id: string; correlationId: string }> = [];
  const handler = sqsWorker({ schema, ...(deadlineGuardMs === undefined ? {} : { deadlineGuardMs }) }, async (message, { correlationId }) => {
    if (message.fail) throw new Error(`asked to fail ${message.id}`);
    seen.push({ id: message.id, correlationId });
  });
  return { handler, seen };
};

describe('SQS worker spine', () => {
  afterEach(() => vi.restoreAllMocks());
  const quietErrors = () => vi.spyOn(console, 'error').mockImplementation(() => undefined);

  it('reports only the failed records, so SQS redelivers just those', async () => {
    quietErrors();
    const { handler, seen } = recordingWorker();
    const event = sqsEvent([
      sqsRecord('{"id":"a"}', { messageId: 'm1' }),
      sqsRecord('{"id":"b","fail":true}', { messageId: 'm2' }),
      sqsRecord('{"id":"c"}', { messageId: 'm3' }),
    ]);

    const result = await handler(event, fakeContext());

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }]);
    expect(seen.map((entry) => entry.id)).toEqual(['a', 'c']);
  });

  it.each([
    ['not JSON', 'not json at all'],
    ['an unknown field', '{"id":"x","extra":1}'],
    ['a missing field', '{}'],
  ])('fails a record with %s without calling the handler', async (_label, body) => {
    quietErrors();
    const { handler, seen } = recordingWorker();

    const result = await handler(sqsEvent([sqsRecord(body, { messageId: 'poison' })]), fakeContext());

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'poison' }]);
    expect(seen).toEqual([]);
  });

  it('carries the producer correlation id from the message attributes', async () => {
    const { handler, seen } = recordingWorker();
    const record = sqsRecord('{"id":"a"}', {
      messageAttributes: { correlationId: { stringValue: 'corr-7', dataType: 'String', stringListValues: [], binaryListValues: [] } },
    });

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
});
