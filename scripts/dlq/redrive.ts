import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  DeleteMessageBatchCommand,
  SendMessageBatchCommand,
  type Message,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { receiveDistinct, release, type ReceiveOptions } from './peek.ts';

/**
 * Remembers which dead letters were already sent back, by their MessageId (stable across receives), so a run that
 * died between "sent" and "deleted" only deletes them the next time instead of sending them twice.
 */
export interface RedriveJournal {
  has(messageId: string): boolean;
  add(messageIds: string[]): void;
}

export const memoryJournal = (): RedriveJournal => {
  const ids = new Set<string>();
  return { has: (id) => ids.has(id), add: (added) => added.forEach((id) => ids.add(id)) };
};

/** One line per MessageId, appended synchronously right after the send succeeds. */
export const fileJournal = (path: string): RedriveJournal => {
  const ids = new Set(existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : []);
  return {
    has: (id) => ids.has(id),
    add: (added) => {
      if (added.length === 0) return;
      mkdirSync(dirname(path), { recursive: true });
      appendFileSync(path, added.map((id) => `${id}\n`).join(''));
      added.forEach((id) => ids.add(id));
    },
  };
};

export interface RedriveOptions extends ReceiveOptions {
  fromUrl: string;
  toUrl: string;
  journal: RedriveJournal;
  /** Called after every batch with the running totals (the CLI prints a progress line). */
  onBatch?: (soFar: RedriveSummary) => void;
}

export interface RedriveSummary {
  /** Sent to the source queue and deleted from the dead-letter queue. */
  moved: number;
  /** Sent by an earlier, interrupted run: only deleted now. */
  resumed: number;
  /** Could not be sent or deleted; left in (or returned to) the dead-letter queue. */
  failed: number;
}

// SQS allows 10 message attributes; two are ours.
const MAX_ATTRIBUTES = 10;

/**
 * Moves up to `max` messages from a dead-letter queue back to its source: send (body and message attributes, plus
 * `redriveOf` = the dead letter's MessageId and `redriveCount`), journal, then delete. Consumers stay idempotent by
 * eventId, which covers the one window the journal cannot: a crash between a send and its journal line.
 */
export const redriveMessages = async (sqs: SQSClient, options: RedriveOptions): Promise<RedriveSummary> => {
  const summary: RedriveSummary = { moved: 0, resumed: 0, failed: 0 };
  await receiveDistinct(sqs, options.fromUrl, { visibilityTimeout: 60, ...options }, async (messages) => {
    const resumed = messages.filter((message) => options.journal.has(message.MessageId!));
    const toSend = messages.filter((message) => !resumed.includes(message));
    const sent = toSend.length === 0 ? [] : await sendBatch(sqs, options.toUrl, toSend);
    options.journal.add(sent.map((message) => message.MessageId!));
    const deleted = await deleteBatch(sqs, options.fromUrl, [...resumed, ...sent]);
    const failed = messages.filter((message) => !deleted.includes(message));
    await release(
      sqs,
      options.fromUrl,
      failed.filter((message) => !sent.includes(message) && !resumed.includes(message)),
    );
    summary.resumed += resumed.filter((message) => deleted.includes(message)).length;
    summary.moved += sent.filter((message) => deleted.includes(message)).length;
    summary.failed += failed.length;
    options.onBatch?.({ ...summary });
  });
  return summary;
};

const sendBatch = async (sqs: SQSClient, queueUrl: string, messages: Message[]): Promise<Message[]> => {
  const result = await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: messages.map((message, index) => ({
        Id: String(index),
        MessageBody: message.Body ?? '',
        MessageAttributes: carried(message),
      })),
    }),
  );
  return (result.Successful ?? []).map((entry) => messages[Number(entry.Id)]!);
};

const deleteBatch = async (sqs: SQSClient, queueUrl: string, messages: Message[]): Promise<Message[]> => {
  if (messages.length === 0) return [];
  const result = await sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })),
    }),
  );
  return (result.Successful ?? []).map((entry) => messages[Number(entry.Id)]!);
};

const carried = (message: Message): Record<string, MessageAttributeValue> => {
  const kept: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    if (name === 'redriveOf' || name === 'redriveCount') continue;
    kept[name] = {
      DataType: value.DataType,
      ...(value.StringValue !== undefined ? { StringValue: value.StringValue } : {}),
      ...(value.BinaryValue ? { BinaryValue: value.BinaryValue } : {}),
    };
  }
  if (Object.keys(kept).length > MAX_ATTRIBUTES - 2) return kept;
  const previous = Number(message.MessageAttributes?.redriveCount?.StringValue ?? 0);
  return {
    ...kept,
    redriveOf: { DataType: 'String', StringValue: message.MessageId! },
    redriveCount: { DataType: 'Number', StringValue: String(previous + 1) },
  };
};
