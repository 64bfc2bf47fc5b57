import * as z from '#shared/zod.ts';

/**
 * What the SQS and stream spines (shared/middleware) send to a dead-letter destination when a record can never
 * succeed (bad JSON, a schema failure, a DomainError of kind `invalid`): once, without burning retries.
 * - SQS: the original body and message attributes, plus this attribute with the reason.
 * - Streams: an on-failure record shaped like Lambda's own (where the record is, not its contents), plus the reason
 *   and the record's keys, so `npm run dlq -- peek` reads both kinds alike.
 */
export const DEAD_LETTER_REASON_ATTRIBUTE = 'deadLetterReason';

/** The body a stream spine sends to its on-failure queue for an invalid record. */
export const invalidStreamRecordSchema = z.object({
  requestContext: z.object({
    requestId: z.string(),
    functionArn: z.string(),
    condition: z.literal('InvalidRecord'),
    approximateInvokeCount: z.int().check(z.positive()),
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
