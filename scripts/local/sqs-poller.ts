import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
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
  /**
   * Batches in flight at once (Lambda starts 5 pollers per SQS event source and scales up; the event's
   * `maximumConcurrency` caps it). Default 5.
   */
  maxConcurrency?: number;
  /** The event's `maximumBatchingWindow`: how long a receive waits to fill a batch while messages keep coming. Default 0. */
  batchingWindowSeconds?: number;
  /**
   * Long-poll wait while the queue is idle. The emulator holds a long poll for its whole wait unless the batch fills
   * (AWS returns as soon as messages arrive), so this is what a first message after a quiet spell waits at most.
   */
  idleWaitSeconds?: number;
}

export interface Poller {
  stop(): Promise<void>;
}

/** A receive and, when it got messages, the batch's invocation until its messages are acknowledged. */
interface InFlight {
  receivedAt: number;
  done: Promise<void>;
}

/** What one receive-and-invoke step did. */
export interface PollOutcome {
  received: number;
}

/** Margin for the emulator's 10 ms receive tick and the HTTP round trips around a receive. */
const VISIBILITY_MARGIN_MS = 300;

/**
 * An SQS event source mapping with Lambda's semantics (serverless-offline-sqs has the wrong ones):
 * a failed invocation deletes nothing, so the messages come back after the visibility timeout and
 * reach the DLQ after maxReceiveCount; with ReportBatchItemFailures only the named ones come back.
 *
 * Like Lambda's poller it keeps several batches in flight: one lane long-polls while the queue is idle, a lane that
 * got messages polls again at once, and each full batch starts one more lane, up to `maxConcurrency`; a helper lane
 * that finds the queue empty stops. Lambda never hands one message to two invocations at once because the visibility
 * timeout is ≥ 6× the function's timeout; offline, tests cap visibility at seconds, so no lane receives while a batch
 * in flight is old enough for its messages to be visible again: those come back to the queue only when it ends.
 */
export const startSqsPoller = (options: SqsPollerOptions): Poller => {
  const controller = new AbortController();
  const signal = controller.signal;
  const limit = Math.max(1, Math.floor(options.maxConcurrency ?? 5));
  const batchSize = Math.min(Math.max(1, options.batchSize ?? 10), 10);
  const windowSeconds = Math.max(0, Math.floor(options.batchingWindowSeconds ?? 0));
  const idleSeconds = Math.max(windowSeconds, Math.floor(options.idleWaitSeconds ?? 1));
  const inFlight = new Set<InFlight>();
  const lanes = new Set<Promise<void>>();
  let visibilityMs: number | undefined;

  /** Waits until every batch in flight will still be invisible at the end of a receive of `waitSeconds`. */
  const untilNoBatchOutlivesVisibility = async (waitSeconds: number): Promise<void> => {
    for (;;) {
      const horizon = Date.now() + waitSeconds * 1000 + VISIBILITY_MARGIN_MS;
      const stale = [...inFlight].find((batch) => horizon - batch.receivedAt >= visibilityMs!);
      if (!stale || signal.aborted) return;
      await stale.done;
    }
  };

  const lane = async (leader: boolean): Promise<void> => {
    let draining = !leader;
    while (!signal.aborted) {
      try {
        visibilityMs ??= await queueVisibilityMs(options.sqs, options.queueUrl, signal);
        // A receive that outlasts the visibility timeout would take its own messages again (the emulator does).
        const waitSeconds = Math.min(draining ? windowSeconds : idleSeconds, Math.floor((visibilityMs - VISIBILITY_MARGIN_MS) / 1000));
        await untilNoBatchOutlivesVisibility(Math.max(0, waitSeconds));
        if (signal.aborted) break;
        const { received } = await pollOnce(options, {
          signal,
          batchSize,
          waitTimeSeconds: Math.max(0, waitSeconds),
          track: (batch) => {
            inFlight.add(batch);
            void batch.done.finally(() => inFlight.delete(batch));
          },
          onBatch: (size) => {
            if (size >= batchSize) spawn();
          },
        });
        if (received > 0) draining = true;
        else if (leader) draining = false;
        else return;
      } catch (error) {
        if (signal.aborted) break;
        options.log(`poll error on ${options.queueUrl}: ${(error as Error).message}${leader ? '; retrying in 1 s' : ''}`);
        if (!leader) return;
        await sleep(1000, signal);
      }
    }
  };
  const spawn = (leader = false) => {
    if (lanes.size >= limit || signal.aborted) return;
    const running: Promise<void> = lane(leader).finally(() => lanes.delete(running));
    lanes.add(running);
  };
  spawn(true);
  return {
    stop: async () => {
      controller.abort();
      while (lanes.size > 0) await Promise.all([...lanes]);
    },
  };
};

const queueVisibilityMs = async (sqs: SQSClient, queueUrl: string, signal: AbortSignal): Promise<number> => {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['VisibilityTimeout'] }), {
    abortSignal: signal,
  });
  return Number(Attributes?.VisibilityTimeout ?? 30) * 1000;
};

export interface PollOnceHooks {
  signal?: AbortSignal;
  batchSize?: number;
  waitTimeSeconds?: number;
  /** Called as the receive starts; `done` settles once its batch is acknowledged (at once when it was empty). */
  track?: (batch: InFlight) => void;
  /** Called with the size of a non-empty batch, before its invocation. */
  onBatch?: (size: number) => void;
}

/** One receive, one invocation, then the deletes: a batch's whole life. */
export const pollOnce = async (options: SqsPollerOptions, hooks: PollOnceHooks = {}): Promise<PollOutcome> => {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  // Tracked from the receive on: the emulator hides messages as it collects them, before the receive returns.
  hooks.track?.({ receivedAt: Date.now(), done });
  try {
    const messages = await receive(options, hooks);
    if (messages.length === 0) return { received: 0 };
    hooks.onBatch?.(messages.length);
    await invokeAndAcknowledge(options, messages);
    return { received: messages.length };
  } finally {
    finish();
  }
};

const receive = async (options: SqsPollerOptions, hooks: PollOnceHooks): Promise<Message[]> => {
  const { Messages = [] } = await options.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: options.queueUrl,
      MaxNumberOfMessages: Math.min(hooks.batchSize ?? options.batchSize ?? 10, 10),
      WaitTimeSeconds: hooks.waitTimeSeconds ?? 1,
      // The emulator returns ApproximateReceiveCount only through the legacy AttributeNames.
      AttributeNames: ['All'],
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
    { abortSignal: hooks.signal },
  );
  // A receive can return one message twice when visibility is short; Lambda never batches duplicates.
  return [...new Map(Messages.map((message) => [message.MessageId, message])).values()];
};

const invokeAndAcknowledge = async (options: SqsPollerOptions, messages: Message[]): Promise<void> => {
  const { sqs, queueUrl, log, functionName } = options;
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
