import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Order } from '#shared/domain/orders/order.ts';
import { ORDER_LEDGER_LAG_MS, ORDER_LEDGER_PARTITION, orderWalkCheckpointKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { moveWalkCheckpoint, readWalkCheckpoint, type WalkCheckpoint } from '#shared/infrastructure/dynamodb/walk-checkpoint.ts';
import { currentOrders, orderIdAt } from './current-orders.ts';

export interface OpenOrdersWalkDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
  clock: { now(): Date };
}

export interface OpenOrdersWalk {
  /** Names the walk's checkpoint: each walk (the payment-deadline sweep, the reconciler) keeps its own. */
  name: string;
  /** Orders placed at or after this (ISO 8601) are not looked at. */
  cutoff: string;
  limit: number;
  /** Which of these orders are still open for this walk (the rest are settled for good). */
  open(orders: readonly Order[]): Promise<Set<string>>;
}

/** Ledger entries read per page. */
const PAGE_SIZE = 100;
/** Pages one walk reads at most; the next run goes on from the checkpoint. */
const MAX_PAGES = 10;
/** How far behind the clock the checkpoint stays (keys.ts explains why). */
export const CHECKPOINT_LAG_MS = ORDER_LEDGER_LAG_MS;

const checkpointOf = ({ client, tableName }: OpenOrdersWalkDeps, name: string): WalkCheckpoint => ({
  client,
  tableName,
  key: orderWalkCheckpointKey(name),
  entity: 'OrderWalkCheckpoint',
});

/**
 * Ids of open orders placed before `cutoff`, oldest first, at most `limit`: a walk of the ledger of every order (GSI2)
 * from the walk's checkpoint on, deciding on each order's current state. Every order before the checkpoint is settled
 * for this walk, so a run reads only what is still undecided: the checkpoint moves up to the oldest order still open
 * (never closer to the clock than CHECKPOINT_LAG_MS). No Scan, and no index entry that moves with an order's status.
 */
export const openOrdersBefore = async (deps: OpenOrdersWalkDeps, walk: OpenOrdersWalk): Promise<string[]> => {
  const checkpoint = checkpointOf(deps, walk.name);
  const from = await readWalkCheckpoint(checkpoint);
  // A cutoff behind the checkpoint (its setting was raised since): everything before it is settled already.
  if (from !== undefined && from >= walk.cutoff) return [];
  const lagged = new Date(deps.clock.now().getTime() - CHECKPOINT_LAG_MS).toISOString();
  const horizon = walk.cutoff < lagged ? walk.cutoff : lagged;
  const open: string[] = [];
  let settledUpTo: string | undefined;
  let blocked = false;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  for (let page = 0; page < MAX_PAGES && open.length < walk.limit; page++) {
    const result = await deps.client.send(
      new QueryCommand({
        TableName: deps.tableName,
        IndexName: 'GSI2',
        KeyConditionExpression: from ? 'GSI2PK = :pk AND GSI2SK BETWEEN :from AND :cutoff' : 'GSI2PK = :pk AND GSI2SK < :cutoff',
        ExpressionAttributeValues: { ':pk': ORDER_LEDGER_PARTITION, ':cutoff': walk.cutoff, ...(from ? { ':from': from } : {}) },
        ProjectionExpression: 'GSI2SK',
        ScanIndexForward: true,
        Limit: PAGE_SIZE,
        ExclusiveStartKey,
      }),
    );
    // BETWEEN is inclusive; the cutoff itself (a position `<cutoff>#<id>` sorts after it) is never included.
    const positions = (result.Items ?? []).map((item) => String(item.GSI2SK));
    const orders = await currentOrders(deps, positions.map(orderIdAt));
    const stillOpen = await walk.open([...orders.values()]);
    for (const position of positions) {
      const id = orderIdAt(position);
      // An order not read back (its events not yet visible to an eventually consistent read) counts as open: a
      // candidate the caller decides on, and a stop for the checkpoint.
      if (stillOpen.has(id) || !orders.has(id)) {
        blocked = true;
        if (open.length < walk.limit) open.push(id);
      } else if (!blocked && position < horizon) settledUpTo = position;
    }
    ExclusiveStartKey = result.LastEvaluatedKey;
    if (!ExclusiveStartKey) break;
  }
  if (settledUpTo && (!from || settledUpTo > from)) await moveWalkCheckpoint(checkpoint, settledUpTo);
  return open;
};
