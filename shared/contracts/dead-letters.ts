import * as z from 'zod';

/**
 * What the SQS and stream spines (shared/middleware) send to a dead-letter destination when a record can never
 * succeed (bad JSON, a schema failure, a DomainError of kind `invalid`): once, without burning retries.
 * - SQS: the original body and message attributes, plus this attribute with the reason.
 * - Streams: an on-failure record shaped like Lambda's own (where the record is, not its contents), plus the reason
 *   and the record's keys, so `npm run dlq -- peek` reads both kinds alike.
 */
export const DEAD_LETTER_REASON_ATTRIBUTE = 'deadLetterReason';

/** One message attribute, in the shape Lambda's SQS records carry them. */
export interface MessageAttribute {
  dataType: string;
  stringValue?: string | undefined;
  /** Base64, as in Lambda's SQS records. */
  binaryValue?: string | undefined;
}

export interface DeadLetter {
  body: string;
  attributes: Record<string, MessageAttribute>;
}

/** A worker's dead-letter destination: its DLQ, or its stream's on-failure queue. Built by the composition root. */
export interface DeadLetterQueue {
  send(letter: DeadLetter): Promise<void>;
}

/** The body a stream spine sends to its on-failure queue for an invalid record. */
export const invalidStreamRecordSchema = z.object({
  requestContext: z.object({
    requestId: z.string(),
    functionArn: z.string(),
    condition: z.literal('InvalidRecord'),
    approximateInvokeCount: z.number().int().positive(),
  }),
  version: z.literal('1.0'),
  timestamp: z.string(),
  reason: z.string(),
  DDBStreamBatchInfo: z.object({
    startSequenceNumber: z.string(),
    endSequenceNumber: z.string(),
    approximateArrivalOfFirstRecord: z.string(),
    approximateArrivalOfLastRecord: z.string(),
    batchSize: z.literal(1),
    streamArn: z.string(),
  }),
  record: z.object({ eventID: z.string(), eventName: z.string(), keys: z.record(z.string(), z.unknown()) }),
});
export type InvalidStreamRecord = z.infer<typeof invalidStreamRecordSchema>;
