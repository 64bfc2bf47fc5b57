import type { SQSRecord } from 'aws-lambda';
import type * as z from '#shared/zod.ts';
import { DEAD_LETTER_REASON_ATTRIBUTE } from '#shared/contracts/dead-letters.ts';
import { InvalidRecordError, reasonAttribute, reasonOf, type DeadLetter, type MessageAttribute } from '#shared/middleware/dead-letter.ts';

export const parseBody = <S extends z.ZodMiniType>(schema: S, record: SQSRecord): z.infer<S> => {
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

// SQS allows 10 message attributes per message; one is the reason.
const MAX_KEPT_ATTRIBUTES = 9;

/** The original body and attributes, plus why it was dead-lettered: what `npm run dlq -- redrive` sends back. */
export const deadLetterOf = (record: SQSRecord, error: unknown): DeadLetter => {
  const kept = Object.entries(record.messageAttributes ?? {})
    .filter(
      ([name, value]) => name !== DEAD_LETTER_REASON_ATTRIBUTE && (value.stringValue !== undefined || value.binaryValue !== undefined),
    )
    .slice(0, MAX_KEPT_ATTRIBUTES)
    .map(([name, value]): [string, MessageAttribute] => [
      name,
      { dataType: value.dataType, stringValue: value.stringValue, binaryValue: value.binaryValue },
    ]);
  return { body: record.body, attributes: { ...Object.fromEntries(kept), ...reasonAttribute(reasonOf(error)) } };
};

/**
 * When the queue first received the message (SentTimestamp, epoch ms), as ISO; undefined when absent or unreadable.
 * A redrive from a DLQ sends a new message, so this is a lower bound for one delivery's history only.
 */
export const sentAtOf = (record: SQSRecord): string | undefined => {
  const sent = Number(record.attributes?.SentTimestamp);
  return Number.isFinite(sent) && sent > 0 ? new Date(sent).toISOString() : undefined;
};
