import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  paginateQuery,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import {
  ConcurrentLedgerError,
  type LedgerEventReader,
  type LedgerRepository,
  type UnsequencedEvent,
} from '#shared/domain/ledger/ports.ts';
import { batchGetAll } from '#shared/infrastructure/dynamodb/batch-get.ts';
import { decodeCursor, encodeCursor } from '#shared/infrastructure/dynamodb/cursor.ts';
import { moveWalkCheckpoint, readWalkCheckpoint, type WalkCheckpoint } from '#shared/infrastructure/dynamodb/walk-checkpoint.ts';
import {
  LEDGER_BATCH_PREFIX,
  LEDGER_CONFIRMED_PARTITION,
  LEDGER_PARTITION,
  LEDGER_UNCONFIRMED_PARTITION,
  LEDGER_UNSEQUENCED_PARTITION,
  ledgerBatchKey,
  ledgerCheckpointKey,
  ledgerHeadKey,
  ledgerIntakeCheckpointKey,
  ledgerLeaseKey,
  orderEventKey,
  orderEventsAfter,
  ORDER_LEDGER_LAG_MS,
  ORDER_LEDGER_PARTITION,
  stamp,
} from '#shared/infrastructure/dynamodb/keys.ts';
import { fromBatchItem, fromSummaryItem, SUMMARY_ATTRIBUTES, toBatchItem, toLedgerEvent, toTxAttribute } from './ledger-items.ts';

export interface DynamoLedgerDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Parallel event updates while assigning a batch. */
  concurrency?: number;
  /** Places the intake checkpoint behind the clock (ORDER_LEDGER_LAG_MS). */
  clock?: { now(): Date };
}

/** Order-ledger pages (up to 1 MB each) one read of the intake walks at most; the next run goes on from there. */
const INTAKE_MAX_PAGES = 100;

/** The order-ledger partition of every placed order (orders' GSI2 `STATUS#PLACED`), walked by the audit. */
const PLACED_ORDERS = ORDER_LEDGER_PARTITION;

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

const inPool = async <T>(items: readonly T[], size: number, work: (item: T, index: number) => Promise<void>): Promise<void> => {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]!, index);
      }
    }),
  );
};

/** The ledger in the single table (infra/dynamodb-access-patterns.md, "Ledger"); no Scan anywhere. */
export const dynamoLedgerRepository = ({
  client,
  tableName,
  concurrency = 16,
  clock = { now: () => new Date() },
}: DynamoLedgerDeps): LedgerRepository & LedgerEventReader => {
  const summaryProjection = {
    ProjectionExpression: SUMMARY_ATTRIBUTES.map((_, index) => `#a${index}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(SUMMARY_ATTRIBUTES.map((name, index) => [`#a${index}`, name])),
  };

  /** Drops candidates the index still lists but that a batch already holds (GSI reads lag behind writes). */
  const stillUnsequenced = async (candidates: UnsequencedEvent[]): Promise<UnsequencedEvent[]> => {
    const items = await batchGetAll(
      client,
      tableName,
      candidates.map((event) => orderEventKey(event.orderId, event.version)),
      {
        consistentRead: true,
        attributes: ['orderId', 'version', 'batchId'],
        exhausted: (unread) => new Error(`${unread} ledger events left unread`),
      },
    );
    const assigned = new Set(items.filter((item) => item.batchId !== undefined).map((item) => `${item.orderId}#${item.version}`));
    return candidates.filter((event) => !assigned.has(`${event.orderId}#${event.version}`));
  };

  const intakeCheckpoint: WalkCheckpoint = { client, tableName, key: ledgerIntakeCheckpointKey(), entity: 'LedgerIntakeCheckpoint' };

  const toUnsequenced = (item: Record<string, unknown>): UnsequencedEvent => ({
    orderId: String(item.orderId),
    version: Number(item.version),
    hash: item.hash as `0x${string}`,
    occurredAt: String(item.occurredAt),
  });

  /** Later events, oldest first, from their sparse index (GSI1); a first event written before the walk below is there too. */
  const indexedLaterEvents = async (limit: number): Promise<UnsequencedEvent[]> => {
    const found: UnsequencedEvent[] = [];
    const pages = paginateQuery(
      { client, pageSize: limit },
      {
        TableName: tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': LEDGER_UNSEQUENCED_PARTITION },
        ProjectionExpression: 'orderId, version, #hash, occurredAt',
        ExpressionAttributeNames: { '#hash': 'hash' },
      },
    );
    for await (const page of pages) {
      found.push(...(page.Items ?? []).slice(0, limit - found.length).map(toUnsequenced));
      if (found.length >= limit) break;
    }
    return found;
  };

  /**
   * First events not in a batch, oldest first: a walk of the order ledger (GSI2, every OrderPlaced event) from the
   * intake checkpoint on. An entry whose index copy carries a batch id is in a batch for good (a batch id is never
   * removed), and so is an entry with no hash (an event from before the ledger, which is never anchored); the checkpoint
   * moves over a run of those, never closer to the clock than ORDER_LEDGER_LAG_MS, so no
   * entry can turn up later below a position already passed. Entries without one are candidates (the index may lag:
   * the caller re-reads them consistently).
   */
  const walkFirstEvents = async (limit: number): Promise<UnsequencedEvent[]> => {
    const from = await readWalkCheckpoint(intakeCheckpoint);
    const horizon = new Date(clock.now().getTime() - ORDER_LEDGER_LAG_MS).toISOString();
    const found: UnsequencedEvent[] = [];
    let passable: string | undefined;
    let blocked = false;
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    for (let page = 0; page < INTAKE_MAX_PAGES && found.length < limit; page++) {
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI2',
          KeyConditionExpression: from ? 'GSI2PK = :pk AND GSI2SK > :from' : 'GSI2PK = :pk',
          ExpressionAttributeValues: { ':pk': ORDER_LEDGER_PARTITION, ...(from ? { ':from': from } : {}) },
          ProjectionExpression: 'GSI2SK, orderId, version, #hash, occurredAt, batchId',
          ExpressionAttributeNames: { '#hash': 'hash' },
          ExclusiveStartKey,
        }),
      );
      for (const item of result.Items ?? []) {
        const position = String(item.GSI2SK);
        // An event written before the ledger existed has no hash: never anchored (the audit reports it), never waited for.
        if (item.batchId === undefined && item.hash !== undefined) {
          blocked = true;
          if (found.length < limit) found.push(toUnsequenced(item));
        } else if (!blocked && position < horizon) passable = position;
      }
      ExclusiveStartKey = result.LastEvaluatedKey;
      if (!ExclusiveStartKey) break;
    }
    if (passable && (!from || passable > from)) await moveWalkCheckpoint(intakeCheckpoint, passable);
    return found;
  };

  const ageKey = (event: UnsequencedEvent) => `${event.occurredAt}#${event.orderId}#${String(event.version).padStart(10, '0')}`;

  return {
    async acquireLease(owner, now, ttlMs) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...ledgerLeaseKey(), ...stamp('LedgerLease'), owner, expiresAtMs: now.getTime() + ttlMs },
            ConditionExpression: 'attribute_not_exists(PK) OR expiresAtMs < :now OR #owner = :owner',
            ExpressionAttributeNames: { '#owner': 'owner' },
            ExpressionAttributeValues: { ':now': now.getTime(), ':owner': owner },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async releaseLease(owner) {
      try {
        await client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: ledgerLeaseKey(),
            ConditionExpression: '#owner = :owner',
            ExpressionAttributeNames: { '#owner': 'owner' },
            ExpressionAttributeValues: { ':owner': owner },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    async unsequenced(limit) {
      const [first, later] = await Promise.all([walkFirstEvents(limit), indexedLaterEvents(limit)]);
      // A first event written before the walk existed is in both: once is enough.
      const unique = new Map([...first, ...later].map((event) => [ageKey(event), event]));
      const oldest = [...unique.keys()].sort().slice(0, limit);
      return stillUnsequenced(oldest.map((key) => unique.get(key)!));
    },

    async oldestUnsequencedAt() {
      const [first, later] = await Promise.all([walkFirstEvents(1), indexedLaterEvents(1)]);
      const candidates = [first[0]?.occurredAt, later[0]?.occurredAt].filter((at) => at !== undefined);
      return candidates.length === 0 ? null : candidates.reduce((a, b) => (a < b ? a : b));
    },

    async head() {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: ledgerHeadKey(), ConsistentRead: true }));
      return { nextSeq: Number(Item?.nextSeq ?? 1), nextBatchId: Number(Item?.nextBatchId ?? 1) };
    },

    async sealBatch(batch, expected) {
      const fresh = expected.nextSeq === 1 && expected.nextBatchId === 1;
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: tableName, Item: toBatchItem(batch), ConditionExpression: 'attribute_not_exists(PK)' } },
              {
                Put: {
                  TableName: tableName,
                  Item: { ...ledgerHeadKey(), ...stamp('LedgerHead'), nextSeq: batch.toSeq + 1, nextBatchId: batch.batchId + 1 },
                  ConditionExpression: fresh
                    ? 'attribute_not_exists(PK) OR (nextSeq = :seq AND nextBatchId = :batch)'
                    : 'nextSeq = :seq AND nextBatchId = :batch',
                  ExpressionAttributeValues: { ':seq': expected.nextSeq, ':batch': expected.nextBatchId },
                },
              },
            ],
          }),
        );
      } catch (error) {
        if (error instanceof TransactionCanceledException)
          throw new ConcurrentLedgerError('The ledger head moved while sealing a batch.', { cause: error });
        throw error;
      }
    },

    async assignEvents(batch) {
      await inPool(batch.events, concurrency, async (ref, index) => {
        const separator = ref.lastIndexOf('#');
        const orderId = ref.slice(0, separator);
        const version = Number(ref.slice(separator + 1));
        try {
          await client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: orderEventKey(orderId, version),
              UpdateExpression: 'SET ledgerSeq = :seq, batchId = :batch REMOVE GSI1PK, GSI1SK',
              ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(batchId) OR batchId = :batch)',
              ExpressionAttributeValues: { ':seq': batch.fromSeq + index, ':batch': batch.batchId },
            }),
          );
        } catch (error) {
          if (isConditionFailure(error))
            throw new ConcurrentLedgerError(`Event ${ref} is missing or already in another batch.`, { cause: error });
          throw error;
        }
      });
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: ledgerBatchKey(batch.batchId),
            UpdateExpression: 'SET #status = :pending',
            ConditionExpression: '#status = :sealing',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':pending': 'pending', ':sealing': 'sealing' },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      batch.status = batch.status === 'sealing' ? 'pending' : batch.status;
    },

    async getBatch(batchId) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: ledgerBatchKey(batchId), ConsistentRead: true }));
      return Item ? fromBatchItem(Item) : undefined;
    },

    async unconfirmedBatches() {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': LEDGER_UNCONFIRMED_PARTITION },
          ProjectionExpression: 'batchId',
        }),
      );
      // The index only says which; each batch is read back consistently, as the index may lag a status change.
      const batches = await Promise.all((page.Items ?? []).map((item) => this.getBatch(Number(item.batchId))));
      return batches.filter((batch) => batch !== undefined && batch.status !== 'confirmed').map((batch) => batch!);
    },

    async confirmedFrom(blockNumber) {
      const found = [];
      const pages = paginateQuery(
        { client, pageSize: 25 },
        {
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': LEDGER_CONFIRMED_PARTITION },
          ScanIndexForward: false,
          ...summaryProjection,
        },
      );
      for await (const page of pages) {
        const summaries = (page.Items ?? []).map(fromSummaryItem);
        found.push(...summaries.filter((batch) => (batch.blockNumber ?? 0) >= blockNumber));
        // Batches are anchored in id order, so blocks only fall going back: stop below the range.
        if (summaries.some((batch) => (batch.blockNumber ?? 0) < blockNumber)) break;
      }
      return found;
    },

    async recordSent(batchId, sent, at) {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: ledgerBatchKey(batchId),
          UpdateExpression: 'SET tx = :tx, sentAt = :at, txHashes = list_append(if_not_exists(txHashes, :empty), :hash)',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':tx': toTxAttribute(sent), ':at': at, ':empty': [], ':hash': [sent.txHash], ':pending': 'pending' },
        }),
      );
    },

    async markConfirmed(batchId, anchored) {
      const current = await this.getBatch(batchId);
      if (!current || current.status === 'sealing') return;
      // The mined transaction may be a replacement sent by an earlier run, or the original after a reorg: keep the one the log names.
      const tx = current.tx
        ? { ...current.tx, txHash: anchored.txHash }
        : { txHash: anchored.txHash, nonce: -1, gas: 0n, maxFeePerGas: 0n, maxPriorityFeePerGas: 0n };
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: ledgerBatchKey(batchId),
          UpdateExpression:
            'SET #status = :confirmed, blockNumber = :block, blockHash = :blockHash, confirmedAt = :at, GSI1PK = :gsi1pk, tx = :tx',
          ConditionExpression: '#status IN (:pending, :confirmed)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':confirmed': 'confirmed',
            ':pending': 'pending',
            ':block': anchored.blockNumber,
            ':blockHash': anchored.blockHash,
            ':at': anchored.confirmedAt,
            ':gsi1pk': LEDGER_CONFIRMED_PARTITION,
            ':tx': toTxAttribute(tx),
          },
        }),
      );
    },

    async markUnanchored(batchId) {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: ledgerBatchKey(batchId),
          UpdateExpression:
            'SET #status = :pending, tx = :null, sentAt = :null, blockNumber = :null, blockHash = :null, confirmedAt = :null, GSI1PK = :gsi1pk',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending', ':null': null, ':gsi1pk': LEDGER_UNCONFIRMED_PARTITION },
        }),
      );
    },

    async listBatches(limit, cursor) {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': LEDGER_PARTITION, ':prefix': LEDGER_BATCH_PREFIX },
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: decodeCursor(cursor, ['PK', 'SK']),
          ...summaryProjection,
        }),
      );
      return {
        items: (page.Items ?? []).map(fromSummaryItem),
        nextCursor: encodeCursor(page.LastEvaluatedKey ? { PK: page.LastEvaluatedKey.PK, SK: page.LastEvaluatedKey.SK } : undefined),
      };
    },

    async checkpoint() {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: ledgerCheckpointKey(), ConsistentRead: true }));
      return Item ? { blockNumber: Number(Item.blockNumber), blockHash: (Item.blockHash ?? null) as `0x${string}` | null } : undefined;
    },

    async saveCheckpoint(checkpoint) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...ledgerCheckpointKey(),
            ...stamp('LedgerCheckpoint'),
            blockNumber: checkpoint.blockNumber,
            blockHash: checkpoint.blockHash,
          },
        }),
      );
    },

    async eventsOf(orderId) {
      const items: Record<string, unknown>[] = [];
      const range = orderEventsAfter(orderId, 0);
      const pages = paginateQuery(
        { client },
        {
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': range.PK, ':from': range.from, ':to': range.to },
          ConsistentRead: true,
        },
      );
      for await (const page of pages) items.push(...(page.Items ?? []));
      return items.map(toLedgerEvent);
    },

    async orderIds(cursor) {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI2',
          KeyConditionExpression: 'GSI2PK = :pk',
          ExpressionAttributeValues: { ':pk': PLACED_ORDERS },
          ProjectionExpression: 'orderId, PK, SK, GSI2PK, GSI2SK',
          Limit: 100,
          ExclusiveStartKey: decodeCursor(cursor, ['PK', 'SK', 'GSI2PK', 'GSI2SK']),
        }),
      );
      return { ids: (page.Items ?? []).map((item) => String(item.orderId)), nextCursor: encodeCursor(page.LastEvaluatedKey) };
    },
  };
};
