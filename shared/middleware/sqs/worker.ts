import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { logger, metrics, tracer } from '#shared/observability/index.ts';
import { pickCorrelationId } from '#shared/middleware/context.ts';

export interface RecordContext {
  correlationId: string;
  record: SQSRecord;
  lambdaContext: Context;
}

export interface SqsWorkerOptions<S extends z.ZodType> {
  /** Parses the JSON body of each record. An invalid record fails and reaches the DLQ after maxReceiveCount. */
  schema: S;
  /** Stop taking records when less than this is left before the Lambda times out. */
  deadlineGuardMs?: number;
}

/** Thrown for records left untouched because the deadline was near; they are redelivered, not lost. */
export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';
}

export class InvalidRecordError extends Error {
  override readonly name = 'InvalidRecordError';
}

const correlationIdOf = (record: SQSRecord): string =>
  pickCorrelationId(record.messageAttributes?.correlationId?.stringValue, () => record.messageId);

const parseBody = <S extends z.ZodType>(schema: S, record: SQSRecord): z.infer<S> => {
  let json: unknown;
  try {
    json = JSON.parse(record.body);
  } catch {
    throw new InvalidRecordError('body is not JSON');
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const fields = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new InvalidRecordError(`body is invalid: ${fields.join('; ')}`);
  }
  return result.data;
};

/**
 * The SQS spine: records are processed one after another with partial batch failures, each validated with zod,
 * each logged with the correlation id its producer attached. Near the deadline the remaining records are
 * reported as failures so SQS redelivers them instead of the whole batch timing out.
 */
export const sqsWorker = <S extends z.ZodType>(
  options: SqsWorkerOptions<S>,
  handleRecord: (payload: z.infer<S>, context: RecordContext) => Promise<void>,
) => {
  const guardMs = options.deadlineGuardMs ?? 2_000;
  const processor = new BatchProcessor(EventType.SQS);

  const lambdaHandler = async (event: SQSEvent, lambdaContext: Context): Promise<SQSBatchResponse> => {
    const recordHandler = async (record: SQSRecord): Promise<void> => {
      const correlationId = correlationIdOf(record);
      logger.appendKeys({ correlationId, messageId: record.messageId });
      try {
        if (lambdaContext.getRemainingTimeInMillis() < guardMs) {
          throw new DeadlineExceededError('deadline near; record left for redelivery');
        }
        await handleRecord(parseBody(options.schema, record), { correlationId, record, lambdaContext });
        metrics.addMetric('RecordsSucceeded', MetricUnit.Count, 1);
      } catch (error) {
        metrics.addMetric('RecordsFailed', MetricUnit.Count, 1);
        const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? 1);
        logger.error('record failed', { error, receiveCount, poison: error instanceof InvalidRecordError });
        throw error;
      } finally {
        logger.removeKeys(['correlationId', 'messageId']);
      }
    };
    return processPartialResponse(event, recordHandler, processor, {
      context: lambdaContext,
      processInParallel: false,
      throwOnFullBatchFailure: false,
    });
  };

  return middy(lambdaHandler)
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
};
