import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { replay, type Order } from '#shared/domain/orders/order.ts';
import { batchGetAll } from '#shared/infrastructure/dynamodb/batch-get.ts';
import { orderStateKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { readEvents } from './read-events.ts';
import { fromStateItem } from './order-items.ts';

export interface CurrentOrdersDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/** The position of an order in the ledger and customer indexes: `<placedAt>#<orderId>` (ids hold no `#`). */
export const orderIdAt = (position: string): string => position.slice(position.lastIndexOf('#') + 1);

/**
 * Each order as it stands, for lists and sweeps: its STATE items in one BatchGetItem, and an order without a readable
 * snapshot (placed and not changed since: placing writes none; or one lost) is its events replayed. Both reads are
 * eventually consistent, like the index read that found the ids: a change of the last moment may be missing, never
 * invented, and statuses only move forward, so a sweep that skips what it sees as settled skips nothing open. Orders
 * with no event at all are left out.
 */
export const currentOrders = async (deps: CurrentOrdersDeps, orderIds: readonly string[]): Promise<Map<string, Order>> => {
  const unique = [...new Set(orderIds)];
  const found = new Map<string, Order>();
  if (unique.length === 0) return found;
  const items = await batchGetAll(deps.client, deps.tableName, unique.map(orderStateKey), {
    exhausted: (unread) => new Error(`${unread} order snapshots left unread`),
  });
  for (const item of items) {
    const order = fromStateItem(item);
    if (order) found.set(order.id, order);
  }
  const replayed = await Promise.all(
    unique.filter((id) => !found.has(id)).map(async (id) => replay(await readEvents(deps, id, 0, { consistent: false }))),
  );
  for (const order of replayed) if (order) found.set(order.id, order);
  return found;
};
