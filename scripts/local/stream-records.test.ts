import type { _Record as SdkStreamRecord } from '@aws-sdk/client-dynamodb-streams';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { toLambdaStreamRecord } from './stream-records.ts';

const source = { streamArn: 'arn:aws:dynamodb:eu-west-1:000000000000:table/t/stream/1', region: 'eu-west-1' };

// What the streams client hands back for an item holding empty maps: `{}` where the wire had `{ "M": {} }`.
const sdkRecord = {
  eventID: '1',
  eventName: 'INSERT',
  dynamodb: {
    SequenceNumber: '100',
    Keys: { PK: { S: 'ORDER#1' }, SK: { S: 'EVENT#0000000003' } },
    NewImage: {
      PK: { S: 'ORDER#1' },
      entity: { S: 'OrderEvent' },
      data: {},
      nested: { M: { inner: {}, list: { L: [{}, { S: 'x' }] } } },
      lines: { L: [] },
    },
  },
} as unknown as SdkStreamRecord;

describe('toLambdaStreamRecord', () => {
  it('gives empty maps their type back, at any depth, so the image unmarshalls as Lambda would see it', () => {
    const image = toLambdaStreamRecord(sdkRecord, source).dynamodb.NewImage as Parameters<typeof unmarshall>[0];
    expect(unmarshall(image)).toEqual({ PK: 'ORDER#1', entity: 'OrderEvent', data: {}, nested: { inner: {}, list: [{}, 'x'] }, lines: [] });
  });

  it('leaves the keys and the sequence number as they were', () => {
    const { dynamodb } = toLambdaStreamRecord(sdkRecord, source);
    expect(dynamodb.Keys).toEqual({ PK: { S: 'ORDER#1' }, SK: { S: 'EVENT#0000000003' } });
    expect(dynamodb.SequenceNumber).toBe('100');
  });
});
