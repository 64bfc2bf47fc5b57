import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { batchItemFailureIds, type Invoke } from './lambda-invoke.ts';
import { sleep, type Log } from './log.ts';

export interface SqsPollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  region: string;
  functionName: string;
  timeoutSeconds: number;
  batchSize?: number;
  reportBatchItemFailures?: boolean;
  invoke: Invoke;
  log: Log;
  /** Long-poll wait; kept short so the stack stops fast and never approaches the visibility timeout. */
  waitTimeSeconds?: number;
}

export interface Poller {
  stop(): Promise<void>;
}

/**
 * An SQS event source mapping with Lambda's semantics (serverless-offline-sqs has the wrong ones):
 * a failed invocation deletes nothing, so the messages come back after the visibility timeout and
 * reach the DLQ after maxReceiveCount; with ReportBatchItemFailures only the named ones come back.
 */
export const startSqsPoller = (options: SqsPollerOptions): Poller => {
  const controller = new AbortController();
  const loop = (async () => {
    while (!controller.signal.aborted) {
      try {
        await pollOnce(options, controller.signal);
      } catch (error) {
        if (controller.signal.aborted) break;
        options.log(`poll error on ${options.queueUrl}: ${(error as Error).message}; retrying in 1 s`);
        await sleep(1000, controller.signal);
      }
    }
  })();
  return {
    stop: async () => {
      controller.abort();
      await loop;
    },
  };
};

export const pollOnce = async (options: SqsPollerOptions, signal?: AbortSignal): Promise<void> => {
  const { sqs, queueUrl, log, functionName } = options;
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: Math.min(options.batchSize ?? 10, 10),
      WaitTimeSeconds: options.waitTimeSeconds ?? 1,
      // The emulator returns ApproximateReceiveCount only through the legacy AttributeNames.
      AttributeNames: ['All'],
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
    { abortSignal: signal },
  );
  // A receive can return one message twice when visibility is short; Lambda never batches duplicates.
  const messages = [...new Map(Messages.map((message) => [message.MessageId, message])).values()];
  if (messages.length === 0) return;
  const event = { Records: messages.map((message) => toLambdaRecord(message, options)) };
  const result = await options.invoke(functionName, event, options.timeoutSeconds);
  const keep = failedIds(result, messages, options.reportBatchItemFailures ?? false);
  if (keep === 'all') {
    log(`${functionName} failed on ${messages.length} message(s), left for redelivery: ${result.error ?? 'invalid batchItemFailures'}`);
    return;
  }
  const done = messages.filter((message) => !keep.includes(message.MessageId ?? ''));
  await deleteMessages(sqs, queueUrl, done);
  log(
    `${functionName} took ${messages.length} message(s): ${done.length} deleted${keep.length ? `, ${keep.length} left for redelivery` : ''}`,
  );
};

/** Which messages stay on the queue; an unknown id fails the whole batch, as Lambda does. */
export const failedIds = (
  result: { ok: boolean; payload?: unknown },
  messages: Message[],
  reportBatchItemFailures: boolean,
): string[] | 'all' => {
  if (!result.ok) return 'all';
  if (!reportBatchItemFailures) return [];
  const ids = batchItemFailureIds(result.payload);
  const known = new Set(messages.map((message) => message.MessageId));
  if (!ids || ids.some((id) => !known.has(id))) return 'all';
  return ids;
};

const deleteMessages = async (sqs: SQSClient, queueUrl: string, messages: Message[]): Promise<void> => {
  for (let start = 0; start < messages.length; start += 10) {
    const entries = messages
      .slice(start, start + 10)
      .map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle }));
    const { Failed = [] } = await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    if (Failed.length > 0) throw new Error(`could not delete ${Failed.length} message(s): ${Failed[0]?.Message}`);
  }
};

/** The record shape Lambda gives an SQS consumer (aws-lambda's SQSRecord). */
export const toLambdaRecord = (message: Message, source: { queueArn: string; region: string }) => ({
  messageId: message.MessageId,
  receiptHandle: message.ReceiptHandle,
  body: message.Body ?? '',
  attributes: message.Attributes ?? {},
  messageAttributes: Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
      name,
      {
        stringValue: value.StringValue,
        binaryValue: value.BinaryValue ? Buffer.from(value.BinaryValue).toString('base64') : undefined,
        stringListValues: value.StringListValues ?? [],
        binaryListValues: (value.BinaryListValues ?? []).map((item) => Buffer.from(item).toString('base64')),
        dataType: value.DataType,
      },
    ]),
  ),
  md5OfBody: message.MD5OfBody,
  eventSource: 'aws:sqs',
  eventSourceARN: source.queueArn,
  awsRegion: source.region,
});
