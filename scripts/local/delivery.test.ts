import { describe, expect, it } from 'vitest';
import { failedIds } from './sqs-poller.ts';
import { firstFailedIndex } from './stream-delivery.ts';
import { toLambdaStreamRecord } from './stream-records.ts';

const records = ['1', '2', '3'].map((sequence) =>
  toLambdaStreamRecord({ eventName: 'INSERT', dynamodb: { SequenceNumber: sequence } }, { streamArn: 'arn:s', region: 'eu-west-1' }),
);
const messages = [{ MessageId: 'a' }, { MessageId: 'b' }];

describe('reading function results like Lambda does', () => {
  it.each([
    ['a function error', { ok: false }, 0],
    ['an empty response', { ok: true, payload: undefined }, undefined],
    ['an empty failure list', { ok: true, payload: { batchItemFailures: [] } }, undefined],
    ['a partial failure', { ok: true, payload: { batchItemFailures: [{ itemIdentifier: '3' }, { itemIdentifier: '2' }] } }, 1],
    ['an unknown sequence number', { ok: true, payload: { batchItemFailures: [{ itemIdentifier: '9' }] } }, 0],
    ['a malformed item', { ok: true, payload: { batchItemFailures: [{ itemIdentifier: '' }] } }, 0],
  ])('stream: retries from the right record after %s', (_name, result, expected) => {
    expect(firstFailedIndex(result, records, true)).toBe(expected);
  });

  it.each([
    ['a function error', { ok: false }, 'all'],
    ['a partial failure', { ok: true, payload: { batchItemFailures: [{ itemIdentifier: 'b' }] } }, ['b']],
    ['an unknown message id', { ok: true, payload: { batchItemFailures: [{ itemIdentifier: 'z' }] } }, 'all'],
  ])('sqs: keeps the right messages after %s', (_name, result, expected) => {
    expect(failedIds(result, messages, true)).toEqual(expected);
  });

  it('sqs: ignores batchItemFailures when the mapping does not report them', () => {
    expect(failedIds({ ok: true, payload: { batchItemFailures: [{ itemIdentifier: 'b' }] } }, messages, false)).toEqual([]);
  });

  it('names TTL deletions the way AWS does', () => {
    const ttl = toLambdaStreamRecord(
      { eventName: 'UNKNOWN_TO_SDK_VERSION' as 'REMOVE', dynamodb: { ApproximateCreationDateTime: new Date(5000) } },
      { streamArn: 'arn:s', region: 'eu-west-1' },
    );
    expect(ttl).toMatchObject({
      eventName: 'REMOVE',
      userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' },
      dynamodb: { ApproximateCreationDateTime: 5 },
    });
  });
});
