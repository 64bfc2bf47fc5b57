import {
  ChangeMessageVisibilityBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';

export interface ReceiveOptions {
  /** Messages to look at, at most. */
  max: number;
  /** 0 offline (the emulator waits the full time); 1–2 against AWS, where a short poll may miss messages. */
  waitTimeSeconds?: number;
  /** How long received messages stay hidden while we work on them. */
  visibilityTimeout?: number;
}

export interface PeekedMessage {
  messageId: string;
  body: unknown;
  attributes: Record<string, string>;
  /** correlationId, eventId, eventType, version, redriveOf... as plain strings. */
  messageAttributes: Record<string, string>;
  receiveCount: number | undefined;
  sentAt: string | undefined;
  /** Set by AWS when a redrive policy moved the message here. */
  deadLetterSourceArn: string | undefined;
  /** Only for the stream failure queue: the shard and sequence range that could not be published. */
  streamBatch: unknown;
}

/**
 * Receives up to `max` distinct messages in batches of 10 until the queue looks empty. Each batch stays hidden
 * for `visibilityTimeout` so the next receive returns other messages.
 */
export const receiveDistinct = async (
  sqs: SQSClient,
  queueUrl: string,
  options: ReceiveOptions,
  onBatch: (messages: Message[]) => Promise<void>,
): Promise<void> => {
  const seen = new Set<string>();
  while (seen.size < options.max) {
    const { Messages: received = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(10, options.max - seen.size),
        WaitTimeSeconds: options.waitTimeSeconds ?? 0,
        VisibilityTimeout: options.visibilityTimeout ?? 30,
        // The legacy name too: some emulators return ApproximateReceiveCount only for it.
        AttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    const fresh = received.filter((message) => message.MessageId && !seen.has(message.MessageId));
    if (fresh.length === 0) {
      await release(sqs, queueUrl, received);
      return;
    }
    for (const message of fresh) seen.add(message.MessageId!);
    await release(
      sqs,
      queueUrl,
      received.filter((message) => !fresh.includes(message)),
    );
    await onBatch(fresh);
  }
};

/** Makes messages visible again at once, so a peek leaves the queue as it found it. */
export const release = async (sqs: SQSClient, queueUrl: string, messages: Message[]): Promise<void> => {
  for (let start = 0; start < messages.length; start += 10) {
    const entries = messages
      .slice(start, start + 10)
      .map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle!, VisibilityTimeout: 0 }));
    if (entries.length > 0) await sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
  }
};

/** Reads messages with their error context and puts every one back: nothing is deleted. */
export const peekMessages = async (sqs: SQSClient, queueUrl: string, options: ReceiveOptions): Promise<PeekedMessage[]> => {
  const peeked: PeekedMessage[] = [];
  const held: Message[] = [];
  try {
    await receiveDistinct(sqs, queueUrl, options, async (messages) => {
      held.push(...messages);
      peeked.push(...messages.map(describe));
    });
  } finally {
    await release(sqs, queueUrl, held);
  }
  return peeked;
};

export const describe = (message: Message): PeekedMessage => {
  const body = parseBody(message.Body ?? '');
  const attributes = message.Attributes ?? {};
  const sent = Number(attributes.SentTimestamp);
  const receiveCount = Number(attributes.ApproximateReceiveCount);
  return {
    messageId: message.MessageId ?? '',
    body,
    attributes,
    messageAttributes: plainAttributes(message.MessageAttributes),
    receiveCount: Number.isFinite(receiveCount) ? receiveCount : undefined,
    sentAt: Number.isFinite(sent) && sent > 0 ? new Date(sent).toISOString() : undefined,
    deadLetterSourceArn: attributes.DeadLetterQueueSourceArn,
    streamBatch:
      typeof body === 'object' && body !== null && 'DDBStreamBatchInfo' in body
        ? (body as { DDBStreamBatchInfo: unknown }).DDBStreamBatchInfo
        : undefined,
  };
};

const parseBody = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

const plainAttributes = (attributes: Record<string, MessageAttributeValue> = {}): Record<string, string> =>
  Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [
      name,
      value.StringValue ?? (value.BinaryValue ? `<${value.BinaryValue.length} bytes>` : ''),
    ]),
  );
