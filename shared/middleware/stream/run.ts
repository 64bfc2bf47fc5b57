import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { isInvalidRecord, sendDeadLetter, type DeadLetterQueue } from '#shared/middleware/dead-letter.ts';
import { logger, metrics } from '#shared/observability/index.ts';
import { invalidRecordLetter, sequenceOf, type ParsedRecord, type StreamEntry } from './records.ts';

// The three steps of the stream spine (stream-worker.ts); each returns the index of the first record to retry, if any.

type Parsed = ParsedRecord<unknown>;

/** One record at a time; an `invalid` error from the handler turns its record invalid (dead-lettered next). */
export const runEach = async <T>(
  parsed: ParsedRecord<T>[],
  each: (entry: StreamEntry<T>, context: Context) => Promise<void>,
  context: Context,
) => {
  for (const [index, current] of parsed.entries()) {
    if (current.kind !== 'valid') continue;
    logger.appendKeys({ correlationId: current.entry.correlationId, sequenceNumber: sequenceOf(current.entry.record) });
    try {
      await each(current.entry, context);
      metrics.addMetric('RecordsSucceeded', MetricUnit.Count, 1);
    } catch (error) {
      if (isInvalidRecord(error)) {
        parsed[index] = { kind: 'invalid', record: current.record, error };
        continue;
      }
      logger.error('record failed; retried from here', { error: error as Error });
      return index;
    } finally {
      logger.removeKeys(['correlationId', 'sequenceNumber']);
    }
  }
  return undefined;
};

export const runBatch = async <T>(
  parsed: ParsedRecord<T>[],
  batch: (entries: StreamEntry<T>[], context: Context) => Promise<void>,
  context: Context,
) => {
  const entries = parsed.flatMap((current) => (current.kind === 'valid' ? [current.entry] : []));
  if (entries.length === 0) return undefined;
  try {
    await batch(entries, context);
    metrics.addMetric('RecordsSucceeded', MetricUnit.Count, entries.length);
    return undefined;
  } catch (error) {
    logger.error('batch failed; retried from its first record', {
      error: error as Error,
      correlationIds: entries.map((entry) => entry.correlationId),
    });
    return parsed.findIndex((current) => current.kind === 'valid');
  }
};

/** Dead-letters the invalid records before the retry point; a failed send makes that record the retry point. */
export const deadLetterInvalid = async (settled: Parsed[], deadLetters: () => Promise<DeadLetterQueue>, context: Context) => {
  for (const [index, current] of settled.entries()) {
    if (current.kind !== 'invalid') continue;
    logger.appendKeys({ sequenceNumber: sequenceOf(current.record) });
    try {
      await sendDeadLetter(deadLetters, invalidRecordLetter(current.record, current.error, context), current.error);
    } catch (error) {
      logger.error('could not dead-letter an invalid record; retried from here', { error: error as Error });
      return index;
    } finally {
      logger.removeKeys(['sequenceNumber']);
    }
  }
  return undefined;
};
