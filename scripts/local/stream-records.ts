import type { _Record as SdkStreamRecord } from '@aws-sdk/client-dynamodb-streams';

export interface LambdaStreamRecord {
  eventID?: string;
  eventName?: string;
  eventVersion: string;
  eventSource: string;
  awsRegion: string;
  eventSourceARN: string;
  userIdentity?: { type: string; principalId: string };
  dynamodb: Record<string, unknown> & { SequenceNumber?: string };
}

/**
 * The record shape Lambda gives a stream consumer. The SDK hands back Dates and Uint8Arrays where
 * Lambda's JSON has epoch seconds and base64, so convert those, and name TTL deletions the way AWS does.
 */
export const toLambdaStreamRecord = (record: SdkStreamRecord, source: { streamArn: string; region: string }): LambdaStreamRecord => {
  const { ApproximateCreationDateTime, ...rest } = record.dynamodb ?? {};
  const dynamodb = jsonSafe({
    ...(ApproximateCreationDateTime
      ? { ApproximateCreationDateTime: Math.floor(new Date(ApproximateCreationDateTime).getTime() / 1000) }
      : {}),
    ...rest,
  }) as LambdaStreamRecord['dynamodb'];
  // DynamoDB Local 3.x reports TTL expiry with an eventName the SDK does not know; AWS says REMOVE
  // with the DynamoDB service as the identity, and consumers filter on exactly that.
  const ttlDelete = record.eventName !== undefined && !['INSERT', 'MODIFY', 'REMOVE'].includes(record.eventName);
  const userIdentity = ttlDelete
    ? { type: 'Service', principalId: 'dynamodb.amazonaws.com' }
    : (record.userIdentity as LambdaStreamRecord['userIdentity']);
  return {
    eventID: record.eventID,
    eventName: ttlDelete ? 'REMOVE' : record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: source.region,
    eventSourceARN: source.streamArn,
    ...(userIdentity ? { userIdentity } : {}),
    dynamodb,
  };
};

const jsonSafe = (value: unknown): unknown => {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Set) return [...value].map(jsonSafe);
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, jsonSafe(v)]),
    );
  }
  return value;
};
