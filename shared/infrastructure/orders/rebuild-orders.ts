import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { replay } from '#shared/domain/orders/order.ts';
import { customerOrdersIndexKey, ORDER_LEDGER_PARTITION, orderEventKey, orderStateKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { readEvents } from './read-events.ts';
import { toStateItem } from './order-items.ts';

export interface RebuildDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
}

export interface SnapshotChange {
  orderId: string;
  kind: 'restored' | 'repaired';
  /** Top-level attributes that differed from the replayed state. */
  fields: string[];
}

export interface RebuildReport {
  orders: number;
  unchanged: number;
  changes: SnapshotChange[];
  /** Changed by a command while we rebuilt: that command wrote a fresh snapshot already. */
  raced: string[];
  /** Orders whose first event gained its entry in the customer's list (GSI3): tables written before it existed. */
  indexed: string[];
}

const stable = (value: unknown): string =>
  JSON.stringify(value, (_key, nested) =>
    nested && typeof nested === 'object' && !Array.isArray(nested)
      ? Object.fromEntries(Object.entries(nested as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : nested,
  );

/** Order ids from the ledger partition: every order ever placed (its first event's GSI2 entry). */
const orderIds = async ({ client, tableName }: RebuildDeps): Promise<string[]> => {
  const ids = new Set<string>();
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': ORDER_LEDGER_PARTITION },
        ProjectionExpression: 'orderId',
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) ids.add(String(item.orderId));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return [...ids].sort();
};

type Outcome = ({ kind: 'unchanged' | 'raced' } | { kind: 'changed'; change: SnapshotChange }) & { indexed: boolean };

/** Puts an order's first event into its customer's list (GSI3) unless it is there: orders placed before that index. */
const indexFirstEvent = async ({ client, tableName }: RebuildDeps, orderId: string, customerId: string): Promise<boolean> => {
  try {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: orderEventKey(orderId, 1),
        UpdateExpression: 'SET GSI3PK = :pk',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(GSI3PK)',
        ExpressionAttributeValues: { ':pk': customerOrdersIndexKey(customerId).GSI3PK },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

/** Replays one order's events into the STATE item it should have, and writes it if the stored one differs. */
export const rebuildOrder = async (deps: RebuildDeps, orderId: string): Promise<Outcome> => {
  const { client, tableName } = deps;
  const { Item: stored } = await client.send(new GetCommand({ TableName: tableName, Key: orderStateKey(orderId), ConsistentRead: true }));
  const events = await readEvents(deps, orderId);
  // An id from the ledger always has its first event: the ledger entry is on it.
  if (events.length === 0) return { kind: 'unchanged', indexed: false };
  const order = replay(events)!;
  const indexed = await indexFirstEvent(deps, orderId, order.customerId);
  // Placing writes no snapshot: an order never changed since is complete without one.
  if (!stored && events.length === 1) return { kind: 'unchanged', indexed };
  const expected: Record<string, unknown> = toStateItem(order);
  if (stored && stable(stored) === stable(expected)) return { kind: 'unchanged', indexed };
  const fields = stored
    ? [...new Set([...Object.keys(stored), ...Object.keys(expected)])].filter((key) => stable(stored[key]) !== stable(expected[key])).sort()
    : [];
  // Compare-and-swap on what we read, so a command committing meanwhile is never overwritten.
  const condition = !stored
    ? { ConditionExpression: 'attribute_not_exists(SK)' }
    : typeof stored.version === 'number'
      ? {
          ConditionExpression: '#version = :seen',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':seen': stored.version },
        }
      : {
          ConditionExpression: 'attribute_exists(SK) AND attribute_not_exists(#version)',
          ExpressionAttributeNames: { '#version': 'version' },
        };
  try {
    await client.send(new PutCommand({ TableName: tableName, Item: expected, ...condition }));
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return { kind: 'raced', indexed };
    throw error;
  }
  return { kind: 'changed', change: { orderId, kind: stored ? 'repaired' : 'restored', fields }, indexed };
};

/** Rebuilds every order's snapshot (what lists show) from its events. No Scan. */
export const rebuildOrders = async (
  deps: RebuildDeps,
  {
    concurrency = 8,
    progressEvery = 100,
    onProgress,
  }: {
    concurrency?: number;
    /** Orders between two progress reports. */
    progressEvery?: number;
    /** Called every `progressEvery` orders and once at the end, with how many are done out of how many. */
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<RebuildReport> => {
  const ids = await orderIds(deps);
  const report: RebuildReport = { orders: ids.length, unchanged: 0, changes: [], raced: [], indexed: [] };
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < ids.length) {
      const orderId = ids[next++]!;
      const outcome = await rebuildOrder(deps, orderId);
      if (outcome.indexed) report.indexed.push(orderId);
      if (outcome.kind === 'changed') report.changes.push(outcome.change);
      else if (outcome.kind === 'unchanged') report.unchanged++;
      else report.raced.push(orderId);
      done += 1;
      if (done % progressEvery === 0 && done < ids.length) onProgress?.(done, ids.length);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  onProgress?.(done, ids.length);
  report.changes.sort((a, b) => a.orderId.localeCompare(b.orderId));
  report.indexed.sort();
  return report;
};
