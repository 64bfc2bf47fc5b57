import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { isDomainError } from '#shared/domain/errors.ts';
import { logger, metrics, tracer } from '#shared/observability/index.ts';

export interface ScheduledJobOptions {
  /** The job's name in logs and metrics. */
  name: string;
}

/**
 * The spine of an EventBridge-scheduled function: logger context, tracing and metrics, the run's outcome logged.
 * An `unavailable` domain error (a dependency is down) is logged as a warning and counted, not thrown: the next
 * run retries, and a failed invocation would only be retried by EventBridge with the same stale input.
 */
export const scheduledJob = <T>(options: ScheduledJobOptions, run: (context: Context) => Promise<T>) =>
  middy<ScheduledEvent, T | { skipped: string }>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(captureLambdaHandler(tracer))
    .use(logMetrics(metrics))
    .handler(async (_event, context) => {
      logger.appendKeys({ job: options.name });
      try {
        const outcome = await run(context);
        logger.info(`${options.name} done`, { outcome: outcome as Record<string, unknown> });
        return outcome;
      } catch (error) {
        if (isDomainError(error) && error.kind === 'unavailable') {
          metrics.addMetric(`${options.name}Unavailable`, MetricUnit.Count, 1);
          logger.warn(`${options.name} skipped: a dependency is unavailable`, { reason: error.message });
          return { skipped: error.message };
        }
        throw error;
      }
    });
