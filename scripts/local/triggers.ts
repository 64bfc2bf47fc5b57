import type { LocalClients } from './aws.ts';
import type { CheckpointStore } from './checkpoints.ts';
import { referenceOf, resolveReference, type LocalResources } from './intrinsics.ts';
import type { Invoke } from './lambda-invoke.ts';
import type { Log } from './log.ts';
import type { FunctionEvent, ServerlessConfig, StreamEventConfig } from './serverless-config.ts';
import { startSqsPoller, type Poller } from './sqs-poller.ts';
import { startStreamPoller } from './stream-poller.ts';

type SqsEventConfig = NonNullable<FunctionEvent['sqs']>;

export interface TriggerOptions {
  config: ServerlessConfig;
  resources: LocalResources;
  clients: LocalClients;
  invoke: Invoke;
  region: string;
  log: Log;
  checkpoints?: CheckpointStore;
  /** Run every `schedule` function this often (the ledger's short local interval); none when absent. */
  scheduleIntervalMs?: number | undefined;
  /** Base of the stream retry backoff; tests shorten it. */
  streamRetryBaseDelayMs?: number;
  /** Batches in flight per SQS event source (Lambda starts with 5); an event's `maximumConcurrency` lowers it. */
  sqsMaxConcurrency?: number;
}

/** Lambda's SQS poller starts with five concurrent batches per event source. */
export const DEFAULT_SQS_MAX_CONCURRENCY = 5;

/** Starts one poller per `sqs` and `stream` event of every function: the local event source mappings. */
export const startTriggers = (options: TriggerOptions): Poller[] => {
  const pollers: Poller[] = [];
  for (const fn of Object.values(options.config.functions ?? {})) {
    const timeoutSeconds = fn.timeout ?? options.config.provider.timeout ?? 6;
    for (const event of fn.events ?? []) {
      if (event.sqs && event.sqs.enabled !== false) pollers.push(sqsTrigger(fn.name, timeoutSeconds, event.sqs, options));
      if (event.stream && event.stream.enabled !== false) pollers.push(streamTrigger(fn.name, timeoutSeconds, event.stream, options));
      if (event.schedule && options.scheduleIntervalMs)
        pollers.push(scheduleTrigger(fn.name, timeoutSeconds, options.scheduleIntervalMs, options));
    }
  }
  return pollers;
};

/** EventBridge's schedule, locally: one invocation at a time, the next `intervalMs` after the previous one ended. */
const scheduleTrigger = (functionName: string, timeoutSeconds: number, intervalMs: number, options: TriggerOptions): Poller => {
  options.log(`every ${intervalMs / 1000} s -> ${functionName}`);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = options
      .invoke(
        functionName,
        { 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date().toISOString(), detail: {} },
        timeoutSeconds,
      )
      .then((result) => {
        if (!result.ok) options.log(`${functionName} failed: ${result.error ?? 'unknown error'}`);
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, intervalMs);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
};

const queueByArn = (arn: unknown, resources: LocalResources) => {
  const ref = referenceOf(arn);
  const byRef = ref ? resources.queues[ref.id] : undefined;
  const queue = byRef ?? Object.values(resources.queues).find((candidate) => candidate.arn === arn);
  if (!queue) throw new Error(`no local queue for ${JSON.stringify(arn)}`);
  return queue;
};

const sqsTrigger = (functionName: string, timeoutSeconds: number, event: SqsEventConfig, options: TriggerOptions): Poller => {
  const queue = queueByArn(event.arn, options.resources);
  const maxConcurrency = Math.min(options.sqsMaxConcurrency ?? DEFAULT_SQS_MAX_CONCURRENCY, event.maximumConcurrency ?? Infinity);
  options.log(`sqs    ${queue.name} -> ${functionName} (up to ${maxConcurrency} batches at once)`);
  return startSqsPoller({
    sqs: options.clients.sqs,
    queueUrl: queue.url,
    queueArn: queue.arn,
    region: options.region,
    functionName,
    timeoutSeconds,
    batchSize: event.batchSize ?? 10,
    reportBatchItemFailures: event.functionResponseType === 'ReportBatchItemFailures',
    maxConcurrency,
    batchingWindowSeconds: event.maximumBatchingWindow ?? 0,
    invoke: options.invoke,
    log: options.log,
  });
};

const streamTrigger = (functionName: string, timeoutSeconds: number, event: StreamEventConfig, options: TriggerOptions): Poller => {
  if (event.type && event.type !== 'dynamodb') throw new Error(`${functionName}: only dynamodb streams run locally, not ${event.type}`);
  const streamArn = resolveReference(event.arn, options.resources);
  const onFailure = event.destinations?.onFailure?.arn;
  const account = streamArn.split(':')[4] ?? '000000000000';
  options.log(`stream ${streamArn.split('/')[1]} -> ${functionName}`);
  return startStreamPoller({
    streams: options.clients.streams,
    sqs: options.clients.sqs,
    invoke: options.invoke,
    log: options.log,
    region: options.region,
    streamArn,
    functionName,
    timeoutSeconds,
    functionArn: `arn:aws:lambda:${options.region}:${account}:function:${functionName}`,
    startingPosition: event.startingPosition,
    batchSize: event.batchSize ?? 100,
    maximumRetryAttempts: event.maximumRetryAttempts,
    bisectBatchOnFunctionError: event.bisectBatchOnFunctionError,
    reportBatchItemFailures: event.functionResponseType === 'ReportBatchItemFailures',
    onFailureQueueUrl: onFailure === undefined ? undefined : queueByArn(onFailure, options.resources).url,
    filterPatterns: event.filterPatterns,
    retryBaseDelayMs: options.streamRetryBaseDelayMs,
    checkpoints: options.checkpoints,
  });
};
