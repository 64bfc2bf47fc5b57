import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ORDER_STATUSES, type Order, type OrderStatus } from '#shared/domain/orders/order.ts';
import type { OrderListQuery, OrderPage } from '#shared/domain/orders/ports.ts';
import { decodeCursor, encodeCursor } from '#shared/infrastructure/dynamodb/cursor.ts';
import { customerOrdersPartition, ordersByStatusPartition } from '#shared/infrastructure/dynamodb/keys.ts';
import { fromStateItem } from './order-items.ts';

type Source = { by: 'customer'; customerId: string } | { by: 'status' };
interface Deps {
  client: DynamoDBDocumentClient;
  tableName: string;
}
interface Positioned {
  order: Order;
  position: string;
}

const MAX_PAGES_PER_PARTITION = 10;

interface Filter {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}
const statusFilter = (status: OrderStatus): Filter => ({
  expression: '#status = :status',
  names: { '#status': 'status' },
  values: { ':status': status },
});
/** Orders waiting for a risk review: decided `review` and not approved yet. */
const RISK_REVIEW_FILTER: Filter = {
  expression: '#risk.#decision = :review AND attribute_not_exists(#risk.#approvedAt)',
  names: { '#risk': 'risk', '#decision': 'decision', '#approvedAt': 'approvedAt' },
  values: { ':review': 'review' },
};
/** A review blocks shipping, so orders waiting for one are pending payment or paid. */
const UNDER_REVIEW_STATUSES: readonly OrderStatus[] = ['PENDING_PAYMENT', 'PAID'];

/**
 * Up to `limit + 1` orders of one index partition, newest first, strictly before `before`. A status filter (on a
 * customer's own list) may need several DynamoDB pages; it stops after a bounded number of them.
 */
const collect = async (
  { client, tableName }: Deps,
  index: 'GSI1' | 'GSI2',
  partition: string,
  limit: number,
  before: string | undefined,
  filter?: Filter,
): Promise<{ found: Positioned[]; resumeAt?: string }> => {
  const [pk, sk] = index === 'GSI1' ? ['GSI1PK', 'GSI1SK'] : ['GSI2PK', 'GSI2SK'];
  const found: Positioned[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  for (let page = 0; page < MAX_PAGES_PER_PARTITION && found.length <= limit; page++) {
    const result = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index,
        KeyConditionExpression: before ? `${pk} = :pk AND ${sk} < :before` : `${pk} = :pk`,
        ExpressionAttributeValues: { ':pk': partition, ...(before ? { ':before': before } : {}), ...filter?.values },
        ...(filter ? { FilterExpression: filter.expression, ExpressionAttributeNames: filter.names } : {}),
        ScanIndexForward: false,
        Limit: limit + 1,
        ExclusiveStartKey,
      }),
    );
    for (const item of result.Items ?? []) {
      const order = fromStateItem(item);
      if (order) found.push({ order, position: String(item[sk]) });
    }
    ExclusiveStartKey = result.LastEvaluatedKey;
    if (!ExclusiveStartKey) return { found };
  }
  // Stopped with more to read: fewer than a full page matched the filter so far; the next page resumes here.
  return found.length > limit || !ExclusiveStartKey ? { found } : { found, resumeAt: String(ExclusiveStartKey[sk]) };
};

/**
 * Newest first. The cursor is a position in `<placedAt>#<orderId>` order, which every index partition shares: a
 * customer's list reads its GSI1 partition; the admin list reads the GSI2 partition of one status, or of every status
 * merged when none is given. A position cannot reach into another partition, so a forged cursor shows nothing new.
 */
export const listOrders = async (deps: Deps, source: Source, { limit, cursor, status, risk }: OrderListQuery): Promise<OrderPage> => {
  const before = decodeCursor(cursor, ['before'])?.before as string | undefined;
  const statuses = status ? [status] : risk === 'review' ? UNDER_REVIEW_STATUSES : ORDER_STATUSES;
  const filter = risk === 'review' ? RISK_REVIEW_FILTER : undefined;
  const partitions =
    source.by === 'customer'
      ? [await collect(deps, 'GSI1', customerOrdersPartition(source.customerId), limit, before, status ? statusFilter(status) : undefined)]
      : await Promise.all(statuses.map((each) => collect(deps, 'GSI2', ordersByStatusPartition(each), limit, before, filter)));
  const found = partitions.flatMap((partition) => partition.found);
  const resumeAt = partitions.length === 1 ? partitions[0]!.resumeAt : undefined;
  found.sort((a, b) => (a.position < b.position ? 1 : a.position > b.position ? -1 : 0));
  const page = found.slice(0, limit);
  return {
    items: page.map(({ order }) => order),
    nextCursor:
      found.length > limit
        ? encodeCursor({ before: page[page.length - 1]!.position })
        : resumeAt
          ? encodeCursor({ before: resumeAt })
          : null,
  };
};
