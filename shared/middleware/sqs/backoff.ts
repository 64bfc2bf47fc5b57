import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSRecord } from 'aws-lambda';
import { isDomainError } from '#shared/domain/errors.ts';
import type { MessageVisibility } from '#shared/domain/messaging/ports.ts';
import { logger, metrics } from '#shared/observability/index.ts';

/** Exponential backoff per record: the n-th failed receive waits about base·2^(n-1) seconds, never more than max. */
export interface RetrySchedule {
  baseSeconds: number;
  maxSeconds: number;
}

/** The production schedule (README, "Retry timing"): 1–2 s, 2–4 s, 4–8 s, … then 20–40 s per try. */
export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = { baseSeconds: 2, maxSeconds: 40 };

/**
 * Seconds to hide a record after its `receiveCount`-th receive failed: equal jitter (half fixed, half random) on a
 * capped exponential, so failed records spread out instead of coming back together. `floorSeconds` is the error's
 * own hint (an open breaker's half-open time, an in-flight charge), still capped by `maxSeconds`.
 */
export const retryDelaySeconds = (
  { baseSeconds, maxSeconds }: RetrySchedule,
  receiveCount: number,
  floorSeconds = 0,
  random: () => number = Math.random,
): number => {
  const exponent = Math.min(Math.max(1, Math.floor(receiveCount)) - 1, 30);
  const ceiling = Math.min(maxSeconds, baseSeconds * 2 ** exponent);
  const jittered = ceiling / 2 + (random() * ceiling) / 2;
  return Math.max(1, Math.min(maxSeconds, Math.max(Math.round(jittered), Math.ceil(floorSeconds))));
};

export interface RecordRetry {
  /** The worker's source queue; built on first failure, so the happy path never pays for it. */
  visibility: () => Promise<MessageVisibility>;
  schedule: RetrySchedule;
}

/**
 * Hides a failed record for its backoff before the spine reports it as a batch item failure. If the change itself
 * fails, the queue's visibility timeout applies instead: slower, never lost.
 */
export const backOff = async (retry: RecordRetry | undefined, record: SQSRecord, error: unknown): Promise<void> => {
  if (!retry || !record.receiptHandle) return;
  const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? 1) || 1;
  const hint = isDomainError(error) ? (error.retryAfterSeconds ?? 0) : 0;
  const delaySeconds = retryDelaySeconds(retry.schedule, receiveCount, hint);
  try {
    await (await retry.visibility()).hide(record.receiptHandle, delaySeconds);
    metrics.addMetric('RecordsBackedOff', MetricUnit.Count, 1);
    logger.info('record failed; retried after backoff', { receiveCount, delaySeconds });
  } catch (failure) {
    logger.warn('could not set the backoff; the queue visibility timeout applies', { error: failure as Error });
  }
};

/**
 * Makes records the invocation never tried (left for redelivery near its deadline) visible again at once, all
 * together: they did not fail, so they wait for no backoff and no visibility timeout (180 s on the payments queue).
 * Bounded by `withinMs`, because the invocation is about to end; a record not released in time comes back after
 * the queue's visibility timeout instead, as before.
 */
export const releaseUntried = async (retry: RecordRetry | undefined, records: SQSRecord[], withinMs: number): Promise<void> => {
  const handles = records.map((record) => record.receiptHandle).filter(Boolean);
  if (!retry || handles.length === 0 || withinMs <= 0) return;
  let timer: NodeJS.Timeout | undefined;
  const release = (async () => {
    const visibility = await retry.visibility();
    await Promise.all(handles.map((handle) => visibility.hide(handle, 0)));
  })();
  try {
    await Promise.race([release, new Promise((resolve) => (timer = setTimeout(resolve, withinMs)))]);
    metrics.addMetric('RecordsDeferred', MetricUnit.Count, handles.length);
    logger.info('records left for the next invocation, visible again at once', { records: handles.length });
  } catch (failure) {
    logger.warn('could not release untried records; the queue visibility timeout applies', { error: failure as Error });
  } finally {
    clearTimeout(timer);
    release.catch(() => {});
  }
};
