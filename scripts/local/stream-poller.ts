import {
  DescribeStreamCommand,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type DynamoDBStreamsClient,
  type Shard,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type { CheckpointStore } from './checkpoints.ts';
import { deliverStreamBatch, type StreamDeliveryOptions } from './stream-delivery.ts';
import { matchesFilterPatterns } from './stream-filter.ts';
import { toLambdaStreamRecord } from './stream-records.ts';
import { sleep } from './log.ts';
import type { Poller } from './sqs-poller.ts';

export interface StreamPollerOptions extends Omit<StreamDeliveryOptions, 'signal'> {
  streams: DynamoDBStreamsClient;
  region: string;
  startingPosition?: 'TRIM_HORIZON' | 'LATEST';
  batchSize?: number;
  filterPatterns?: Record<string, unknown>[];
  pollIntervalMs?: number;
  /** Resume point per shard; in memory unless the data itself persists. */
  checkpoints?: CheckpointStore;
}

interface ShardState {
  shard: Shard;
  iterator?: string;
  lastSequence?: string;
  initial: ShardIteratorType;
  done: boolean;
}

/**
 * A DynamoDB stream event source mapping: one sequential reader per shard (children wait for their
 * parent to finish, which keeps per-item order), filtering, batching and Lambda's failure handling.
 */
export const startStreamPoller = (options: StreamPollerOptions): Poller => {
  const controller = new AbortController();
  const shards = new Map<string, ShardState>();
  let firstDiscovery = true;
  const loop = (async () => {
    while (!controller.signal.aborted) {
      try {
        await discoverShards(options, shards, firstDiscovery);
        firstDiscovery = false;
        const delivered = await readReadyShards(options, shards, controller.signal);
        if (!delivered) await sleep(options.pollIntervalMs ?? 500, controller.signal);
      } catch (error) {
        if (controller.signal.aborted) break;
        options.log(`stream poll error on ${options.streamArn}: ${(error as Error).message}; retrying in 1 s`);
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

const discoverShards = async (options: StreamPollerOptions, shards: Map<string, ShardState>, first: boolean): Promise<void> => {
  let start: string | undefined;
  do {
    const { StreamDescription } = await options.streams.send(
      new DescribeStreamCommand({ StreamArn: options.streamArn, ExclusiveStartShardId: start }),
    );
    for (const shard of StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || shards.has(shard.ShardId)) continue;
      // LATEST only means "from now" for shards that exist when the mapping starts; later shards hold new data.
      const initial: ShardIteratorType = first && options.startingPosition === 'LATEST' ? 'LATEST' : 'TRIM_HORIZON';
      const lastSequence = options.checkpoints?.get(checkpointKey(options, shard.ShardId));
      shards.set(shard.ShardId, { shard, initial, done: false, lastSequence });
    }
    start = StreamDescription?.LastEvaluatedShardId;
  } while (start);
};

/** Reads one page from every shard whose parent is finished; true when any records arrived. */
const readReadyShards = async (options: StreamPollerOptions, shards: Map<string, ShardState>, signal: AbortSignal): Promise<boolean> => {
  let any = false;
  for (const state of shards.values()) {
    const parent = state.shard.ParentShardId ? shards.get(state.shard.ParentShardId) : undefined;
    if (state.done || (parent && !parent.done) || signal.aborted) continue;
    any = (await readShard(options, state, signal)) || any;
  }
  return any;
};

const readShard = async (options: StreamPollerOptions, state: ShardState, signal: AbortSignal): Promise<boolean> => {
  const shardId = state.shard.ShardId as string;
  state.iterator ??= await shardIterator(options, state);
  let page;
  try {
    page = await options.streams.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: 1000 }));
  } catch (error) {
    if (!(error instanceof ExpiredIteratorException)) throw error;
    state.iterator = undefined; // resume after the last delivered record
    return false;
  }
  const records = (page.Records ?? []).map((record) =>
    toLambdaStreamRecord(record, { streamArn: options.streamArn, region: options.region }),
  );
  const matching = records.filter((record) => matchesFilterPatterns(record, options.filterPatterns));
  const size = Math.max(1, options.batchSize ?? 100);
  for (let start = 0; start < matching.length && !signal.aborted; start += size) {
    await deliverStreamBatch(matching.slice(start, start + size), shardId, { ...options, signal });
  }
  if (signal.aborted) return false;
  const last = records.at(-1)?.dynamodb.SequenceNumber;
  if (last) {
    state.lastSequence = last;
    options.checkpoints?.set(checkpointKey(options, shardId), last);
  }
  state.iterator = page.NextShardIterator;
  if (!page.NextShardIterator) {
    state.done = true;
    options.log(`${options.functionName}: shard ${shardId} finished`);
  }
  return records.length > 0;
};

const checkpointKey = (options: StreamPollerOptions, shardId: string): string => `${options.functionName} ${options.streamArn} ${shardId}`;

const shardIterator = async (options: StreamPollerOptions, state: ShardState): Promise<string | undefined> => {
  const request = (type: ShardIteratorType, sequence?: string) =>
    options.streams.send(
      new GetShardIteratorCommand({
        StreamArn: options.streamArn,
        ShardId: state.shard.ShardId,
        ShardIteratorType: type,
        SequenceNumber: sequence,
      }),
    );
  if (state.lastSequence === undefined) return (await request(state.initial)).ShardIterator;
  try {
    return (await request('AFTER_SEQUENCE_NUMBER', state.lastSequence)).ShardIterator;
  } catch (error) {
    // A checkpoint past the stream's retention cannot be resumed; AWS would also restart from the oldest record.
    options.log(
      `${options.functionName}: cannot resume ${state.shard.ShardId} after ${state.lastSequence} (${(error as Error).name}); reading from TRIM_HORIZON`,
    );
    state.lastSequence = undefined;
    return (await request('TRIM_HORIZON')).ShardIterator;
  }
};
