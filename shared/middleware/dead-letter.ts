import { MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  DEAD_LETTER_REASON_ATTRIBUTE,
  type DeadLetter,
  type DeadLetterQueue,
  type MessageAttribute,
} from '#shared/contracts/dead-letters.ts';
import { DomainError, isDomainError } from '#shared/domain/errors.ts';
import { logger, metrics } from '#shared/observability/index.ts';

export type { DeadLetter, DeadLetterQueue, MessageAttribute };

/** A record that can never succeed, however often it is retried: the spines dead-letter it at once. */
export class InvalidRecordError extends DomainError {
  override readonly name = 'InvalidRecordError';
  readonly kind = 'invalid';
}

/** STYLE rule 6: the error kind decides. `invalid` goes to the dead-letter destination, everything else is retried. */
export const isInvalidRecord = (error: unknown): boolean => isDomainError(error) && error.kind === 'invalid';

const MAX_REASON = 256;
export const reasonOf = (error: unknown): string =>
  (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, MAX_REASON);

export const reasonAttribute = (reason: string): Record<string, MessageAttribute> => ({
  [DEAD_LETTER_REASON_ATTRIBUTE]: { dataType: 'String', stringValue: reason },
});

/** Sends the letter, then reports it once (log + metric). A failed send throws, so the record is retried instead. */
export const sendDeadLetter = async (queue: () => Promise<DeadLetterQueue>, letter: DeadLetter, error: unknown): Promise<void> => {
  await (await queue()).send(letter);
  metrics.addMetric('RecordsDeadLettered', MetricUnit.Count, 1);
  logger.error('invalid record sent to the dead-letter destination', { error: error as Error });
};
