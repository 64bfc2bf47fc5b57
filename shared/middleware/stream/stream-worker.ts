import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type * as z from '#shared/zod.ts';
import type { DeadLetterQueue } from '#shared/middleware/dead-letter.ts';
import { logger, metrics, tracer } from '#shared/observability/index.ts';
import { parseRecord, sequenceOf, type StreamEntry } from './records.ts';
import { deadLetterInvalid, runBatch, runEach } from './run.ts';

export type { StreamEntry } from './records.ts';

export interface StreamWorkerOptions<S extends z.ZodMiniType> {
  /** The `entity` of the items this consumer reads; other records are skipped (the event source filter's slips). */
  entity: string;
  /** Parses the unmarshalled new image. A record of the entity that fails it goes to the on-failure queue at once. */
  schema: S;
  /** The stream's on-failure queue, from the composition root; built on first use. */
  deadLetters: () => Promise<DeadLetterQueue>;
}

/** `each`: one record at a time, in order. `batch`: every valid record of the batch in one call (e.g. one cache clear). */
export type StreamHandler<T> =
  | { each: (entry: StreamEntry<T>, lambdaContext: Context) => Promise<void> }
  | { batch: (entries: StreamEntry<T>[], lambdaContext: Context) => Promise<void> };

/**
 * The DynamoDB-stream spine. Records are taken in order; the first transient failure stops the batch and is reported
 * by its sequence number, so Lambda retries from there and nothing after it runs twice. The error kind decides:
 * an invalid record (unreadable image, schema failure, kind `invalid`) goes to the on-failure queue once and is
 * acknowledged; anything else is retried as the event source mapping says.
 */
export const streamWorker = <S extends z.ZodMiniType>(options: StreamWorkerOptions<S>, handler: StreamHandler<z.infer<S>>) => {
  const lambdaHandler = async (event: DynamoDBStreamEvent, lambdaContext: Context): Promise<DynamoDBBatchResponse> => {
    const parsed = event.Records.map((record) => parseRecord(options.entity, options.schema, record));
    const failedAt = await ('each' in handler
      ? runEach(parsed, handler.each, lambdaContext)
      : runBatch(parsed, handler.batch, lambdaContext));
    const settled = parsed.slice(0, failedAt ?? parsed.length);
    const deadLetterFailedAt = await deadLetterInvalid(settled, options.deadLetters, lambdaContext);
    const first = deadLetterFailedAt ?? failedAt;
    if (first === undefined) return { batchItemFailures: [] };
    metrics.addMetric('RecordsFailed', MetricUnit.Count, parsed.length - first);
    return { batchItemFailures: [{ itemIdentifier: sequenceOf(parsed[first]!.record) }] };
  };

  return middy(lambdaHandler)
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
};
