import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from '#shared/zod.ts';
import { logger, metrics, tracer } from '#shared/observability/index.ts';
import { pickCorrelationId } from '#shared/middleware/context.ts';
import { isInvalidRecord, sendDeadLetter, type DeadLetterQueue } from '#shared/middleware/dead-letter.ts';
import { backOff, releaseUntried, type RecordRetry } from './backoff.ts';
import { deadLetterOf, parseBody } from './records.ts';

export { InvalidRecordError } from '#shared/middleware/dead-letter.ts';

export interface RecordContext {
  correlationId: string;
  record: SQSRecord;
  lambdaContext: Context;
}

export interface SqsWorkerOptions<S extends z.ZodMiniType> {
  /** Parses the JSON body of each record. A record that fails it goes straight to the dead-letter queue. */
  schema: S;
  /** The queue's DLQ, from the composition root; built on first use, so the happy path never pays for it. */
  deadLetters: () => Promise<DeadLetterQueue>;
  /** Stop taking records when less than this is left before the Lambda times out. */
  deadlineGuardMs?: number;
  /** Per-record backoff with ChangeMessageVisibility; without it a failed record waits the queue's visibility timeout. */
  retry?: RecordRetry;
  /**
   * Work for the whole batch before its first record (the risk step scores every order in one call). An
   * optimisation only: a record must not need it. It runs under the deadline guard: if it has not finished when
   * `deadlineGuardMs` is left, the records are not taken and are made visible again at once, as untried; if it
   * fails, the records are taken anyway.
   */
  prepareBatch?: (records: SQSRecord[]) => Promise<void>;
}

/** Kept free of the release of untried records, so the invocation still returns its batch item failures in time. */
const RELEASE_MARGIN_MS = 500;

/** Thrown for records left untouched because the deadline was near; they are redelivered, not lost. */
export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';
}

/**
 * Waits for the batch's preparation for at most `withinMs`; false when it was still running then. A failure is logged,
 * never thrown: records stand alone.
 */
const prepared = async (preparation: () => Promise<void>, withinMs: number): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  const settled = Promise.resolve()
    .then(preparation)
    .then(
      () => true,
      (error: unknown) => {
        logger.warn('batch preparation failed; records are processed on their own', { error: error as Error });
        return true;
      },
    );
  const finished = await Promise.race([
    settled,
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, withinMs)))),
  ]);
  clearTimeout(timer);
  if (!finished) logger.warn('batch preparation still running at the deadline guard; records left for redelivery');
  return finished;
};

/**
 * The SQS spine: records one after another with partial batch failures, each validated with zod and logged with the
 * correlation id its producer attached. The error kind decides: an invalid record (bad JSON, schema failure, kind
 * `invalid`) is sent to the DLQ once and acknowledged; anything else is hidden for its backoff (`retry`) and reported
 * as a failure, so SQS redelivers it after seconds, not after the queue's whole visibility timeout.
 * Near the deadline (also while `prepareBatch` runs) the remaining records are reported as failures instead of the
 * whole batch timing out, and made visible again at once (they were never tried: neither a backoff nor the queue's
 * visibility timeout applies).
 */
export const sqsWorker = <S extends z.ZodMiniType>(
  options: SqsWorkerOptions<S>,
  handleRecord: (payload: z.infer<S>, context: RecordContext) => Promise<void>,
) => {
  const guardMs = options.deadlineGuardMs ?? 2_000;
  const processor = new BatchProcessor(EventType.SQS);

  const lambdaHandler = async (event: SQSEvent, lambdaContext: Context): Promise<SQSBatchResponse> => {
    const untried: SQSRecord[] = [];
    // Offline too, this counts down to the runtime's own timeout (scripts/local/offline-fixes.ts, fix 3).
    const remaining = () => lambdaContext.getRemainingTimeInMillis();
    const { prepareBatch } = options;
    const ready = !prepareBatch || (await prepared(() => prepareBatch(event.Records), remaining() - guardMs));
    const recordHandler = async (record: SQSRecord): Promise<void> => {
      if (!ready || remaining() < guardMs) {
        untried.push(record);
        throw new DeadlineExceededError('deadline near; record left for redelivery');
      }
      const correlationId = pickCorrelationId(record.messageAttributes?.correlationId?.stringValue, () => record.messageId);
      logger.appendKeys({ correlationId, messageId: record.messageId });
      try {
        await handleRecord(parseBody(options.schema, record), { correlationId, record, lambdaContext });
        metrics.addMetric('RecordsSucceeded', MetricUnit.Count, 1);
      } catch (error) {
        if (isInvalidRecord(error)) return await sendDeadLetter(options.deadLetters, deadLetterOf(record, error), error);
        metrics.addMetric('RecordsFailed', MetricUnit.Count, 1);
        logger.error('record failed', { error: error as Error, receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? 1) });
        await backOff(options.retry, record, error);
        throw error;
      } finally {
        logger.removeKeys(['correlationId', 'messageId']);
      }
    };
    const response = await processPartialResponse(event, recordHandler, processor, {
      context: lambdaContext,
      processInParallel: false,
      throwOnFullBatchFailure: false,
    });
    // Untried is not failed: no backoff, no error log; they are taken again by the next invocation at once.
    await releaseUntried(options.retry, untried, remaining() - RELEASE_MARGIN_MS);
    return response;
  };

  return middy(lambdaHandler)
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
};
