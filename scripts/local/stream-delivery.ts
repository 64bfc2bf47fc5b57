import { randomUUID } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { batchItemFailureIds, type Invoke, type InvokeResult } from './lambda-invoke.ts';
import { sleep, type Log } from './log.ts';
import type { LambdaStreamRecord } from './stream-records.ts';

export interface StreamDeliveryOptions {
  sqs: SQSClient;
  invoke: Invoke;
  log: Log;
  functionName: string;
  functionArn: string;
  timeoutSeconds: number;
  streamArn: string;
  /** -1 (AWS's default) retries until stopped: the shard waits, as it would until the records expire. */
  maximumRetryAttempts?: number;
  bisectBatchOnFunctionError?: boolean;
  reportBatchItemFailures?: boolean;
  onFailureQueueUrl?: string;
  retryBaseDelayMs?: number;
  signal: AbortSignal;
}

interface PendingBatch {
  records: LambdaStreamRecord[];
  retries: number;
}

/**
 * Delivers one shard batch with Lambda's stream semantics: retry with backoff, halve on function
 * error when bisecting (halving does not use up a retry), resume from the first failed item of a
 * partial failure, and once retries are exhausted send an on-failure record and move on.
 * Resolves when every record is delivered or reported; records are never dropped unannounced.
 */
export const deliverStreamBatch = async (records: LambdaStreamRecord[], shardId: string, options: StreamDeliveryOptions): Promise<void> => {
  const pending: PendingBatch[] = [{ records, retries: 0 }];
  while (pending.length > 0 && !options.signal.aborted) {
    const batch = pending[0] as PendingBatch;
    const result = await options.invoke(options.functionName, { Records: batch.records }, options.timeoutSeconds);
    const failedFrom = firstFailedIndex(result, batch.records, options.reportBatchItemFailures ?? false);
    if (failedFrom === undefined) {
      pending.shift();
      options.log(
        `${options.functionName} took ${batch.records.length} record(s) ${seq(batch.records[0])}..${seq(batch.records.at(-1))} from ${shardId}`,
      );
      continue;
    }
    const reason = result.error ?? `batchItemFailures from ${seq(batch.records[failedFrom])}`;
    if (failedFrom === 0 && !result.ok && options.bisectBatchOnFunctionError && batch.records.length > 1) {
      const half = Math.ceil(batch.records.length / 2);
      pending.splice(
        0,
        1,
        { records: batch.records.slice(0, half), retries: batch.retries },
        { records: batch.records.slice(half), retries: batch.retries },
      );
      options.log(`${options.functionName} failed on ${batch.records.length} record(s), bisecting: ${reason}`);
      continue;
    }
    batch.records = batch.records.slice(failedFrom);
    batch.retries += 1;
    const max = options.maximumRetryAttempts ?? -1;
    if (max >= 0 && batch.retries > max) {
      pending.shift();
      await reportFailure(batch.records, shardId, batch.retries, result, options);
      continue;
    }
    options.log(
      `${options.functionName} failed on ${batch.records.length} record(s) from ${seq(batch.records[0])}, retry ${batch.retries}${max >= 0 ? `/${max}` : ''}: ${reason}`,
    );
    await sleep(Math.min((options.retryBaseDelayMs ?? 200) * 2 ** (batch.retries - 1), 10_000), options.signal);
  }
};

/** Index of the first record to retry; undefined when the batch succeeded. Unknown ids fail everything, as in Lambda. */
export const firstFailedIndex = (
  result: InvokeResult,
  records: LambdaStreamRecord[],
  reportBatchItemFailures: boolean,
): number | undefined => {
  if (!result.ok) return 0;
  if (!reportBatchItemFailures) return undefined;
  const ids = batchItemFailureIds(result.payload);
  if (!ids) return 0;
  if (ids.length === 0) return undefined;
  const indexes = ids.map((id) => records.findIndex((record) => seq(record) === id));
  return indexes.some((index) => index < 0) ? 0 : Math.min(...indexes);
};

const seq = (record: LambdaStreamRecord | undefined): string => record?.dynamodb.SequenceNumber ?? '?';

/** The on-failure destination message AWS sends for streams: where the batch was, not its records. */
export const failureRecord = (
  records: LambdaStreamRecord[],
  shardId: string,
  invokeCount: number,
  result: InvokeResult,
  options: Pick<StreamDeliveryOptions, 'functionArn' | 'streamArn'>,
) => {
  const first = records[0];
  const last = records[records.length - 1];
  const arrival = (record: LambdaStreamRecord | undefined) =>
    new Date(Number(record?.dynamodb.ApproximateCreationDateTime ?? 0) * 1000).toISOString();
  return {
    requestContext: {
      requestId: randomUUID(),
      functionArn: options.functionArn,
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: invokeCount,
    },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: result.ok ? undefined : 'Unhandled' },
    version: '1.0',
    timestamp: new Date().toISOString(),
    DDBStreamBatchInfo: {
      shardId,
      startSequenceNumber: seq(first),
      endSequenceNumber: seq(last),
      approximateArrivalOfFirstRecord: arrival(first),
      approximateArrivalOfLastRecord: arrival(last),
      batchSize: records.length,
      streamArn: options.streamArn,
    },
  };
};

const reportFailure = async (
  records: LambdaStreamRecord[],
  shardId: string,
  invokeCount: number,
  result: InvokeResult,
  options: StreamDeliveryOptions,
): Promise<void> => {
  const range = `${seq(records[0])}..${seq(records[records.length - 1])}`;
  if (!options.onFailureQueueUrl) {
    options.log(
      `WARNING ${options.functionName}: retries exhausted, ${records.length} record(s) ${range} skipped (no onFailure destination)`,
    );
    return;
  }
  const body = JSON.stringify(failureRecord(records, shardId, invokeCount, result, options));
  // The shard must not move past records nobody was told about, so keep trying until the send works.
  while (!options.signal.aborted) {
    try {
      await options.sqs.send(new SendMessageCommand({ QueueUrl: options.onFailureQueueUrl, MessageBody: body }));
      options.log(`${options.functionName}: retries exhausted, ${records.length} record(s) ${range} sent to ${options.onFailureQueueUrl}`);
      return;
    } catch (error) {
      options.log(`could not send the on-failure record (${(error as Error).message}); retrying in 1 s`);
      await sleep(1000, options.signal);
    }
  }
};
