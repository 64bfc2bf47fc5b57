import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import type * as z from '#shared/zod.ts';
import type { InvalidStreamRecord } from '#shared/contracts/dead-letters.ts';
import { pickCorrelationId } from '#shared/middleware/context.ts';
import { InvalidRecordError, reasonAttribute, reasonOf, type DeadLetter } from '#shared/middleware/dead-letter.ts';

/** A stream record this consumer reads, parsed with its schema. */
export interface StreamEntry<T> {
  item: T;
  record: DynamoDBRecord;
  correlationId: string;
}

export type ParsedRecord<T> =
  | { kind: 'valid'; record: DynamoDBRecord; entry: StreamEntry<T> }
  | { kind: 'invalid'; record: DynamoDBRecord; error: unknown }
  | { kind: 'skipped'; record: DynamoDBRecord };

export const sequenceOf = (record: DynamoDBRecord): string => record.dynamodb?.SequenceNumber ?? '';

/**
 * Records without a new image, or of another entity (a slip of the event source filter), are not this consumer's
 * business and are skipped; a record of its entity that cannot be read or fails the schema is invalid.
 */
export const parseRecord = <S extends z.ZodMiniType>(entity: string, schema: S, record: DynamoDBRecord): ParsedRecord<z.infer<S>> => {
  const image = record.dynamodb?.NewImage;
  if (!image) return { kind: 'skipped', record };
  let raw: Record<string, unknown>;
  try {
    raw = unmarshall(image as Record<string, AttributeValue>);
  } catch {
    return { kind: 'invalid', record, error: new InvalidRecordError('new image cannot be unmarshalled') };
  }
  if (raw.entity !== entity) return { kind: 'skipped', record };
  const result = schema.safeParse(raw);
  if (!result.success) {
    const fields = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    return { kind: 'invalid', record, error: new InvalidRecordError(`new image is invalid: ${fields.join('; ')}`) };
  }
  const correlationId = pickCorrelationId(raw.correlationId, () => record.eventID ?? sequenceOf(record));
  return { kind: 'valid', record, entry: { item: result.data, record, correlationId } };
};

/** Like Lambda's own on-failure record (where the record is, not its contents), plus the reason and the record's keys. */
export const invalidRecordLetter = (record: DynamoDBRecord, error: unknown, lambdaContext: Context): DeadLetter => {
  const reason = reasonOf(error);
  const arrival = new Date((record.dynamodb?.ApproximateCreationDateTime ?? 0) * 1000).toISOString();
  const body: InvalidStreamRecord = {
    requestContext: {
      requestId: lambdaContext.awsRequestId,
      functionArn: lambdaContext.invokedFunctionArn,
      condition: 'InvalidRecord',
      approximateInvokeCount: 1,
    },
    version: '1.0',
    timestamp: new Date().toISOString(),
    reason,
    DDBStreamBatchInfo: {
      startSequenceNumber: sequenceOf(record),
      endSequenceNumber: sequenceOf(record),
      approximateArrivalOfFirstRecord: arrival,
      approximateArrivalOfLastRecord: arrival,
      batchSize: 1,
      streamArn: record.eventSourceARN ?? '',
    },
    record: {
      eventID: record.eventID ?? '',
      eventName: record.eventName ?? '',
      keys: unmarshall((record.dynamodb?.Keys ?? {}) as Record<string, AttributeValue>),
    },
  };
  return { body: JSON.stringify(body), attributes: reasonAttribute(reason) };
};
