import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Order, OrderStatus } from '#shared/domain/orders/order.ts';
import type { OrderListQuery, OrderPage } from '#shared/domain/orders/ports.ts';
import { decodeCursor, encodeCursor } from '#shared/infrastructure/dynamodb/cursor.ts';
import { customerOrdersPartition, ORDER_LEDGER_PARTITION } from '#shared/infrastructure/dynamodb/keys.ts';
import { currentOrders, orderIdAt } from './current-orders.ts';

type Source = { by: 'customer'; customerId: string } | { by: 'status' };
interface Deps {
  client: DynamoDBDocumentClient;
  tableName: string;
}
interface Positioned {
  order: Order;
  position: string;
}

/** Index pages one request reads at most when a filter keeps few of the orders it finds. */
const MAX_PAGES = 10;

/** Orders waiting for a risk review: decided `review`, not approved yet, and so still pending payment or paid. */
const underReview = (order: Order) =>
  order.risk?.decision === 'review' &&
  order.risk.approvedAt === undefined &&
  (order.status === 'PENDING_PAYMENT' || order.status === 'PAID');

const filterOf = ({ status, risk }: Pick<OrderListQuery, 'status' | 'risk'>): ((order: Order) => boolean) | undefined => {
  if (risk === 'review') return status ? (order) => underReview(order) && order.status === status : underReview;
  return status ? (order: Order) => order.status === (status as OrderStatus) : undefined;
};

/** The index partition a list reads: a customer's orders (GSI3, keys only) or every order (the GSI2 ledger). */
const partitionOf = (source: Source) =>
  source.by === 'customer'
    ? { index: 'GSI3', pk: 'GSI3PK', sk: 'GSI2SK', partition: customerOrdersPartition(source.customerId) }
    : { index: 'GSI2', pk: 'GSI2PK', sk: 'GSI2SK', partition: ORDER_LEDGER_PARTITION };

/**
 * Up to `limit + 1` orders, newest first, strictly before `before`: each index page gives positions, the orders' current
 * state comes from their snapshots (`currentOrders`), and a filter (status, risk review) is applied to that state. A
 * filter that keeps few may need several pages; the read stops after a bounded number of them.
 */
const collect = async (
  deps: Deps,
  source: Source,
  limit: number,
  before: string | undefined,
  keep?: (order: Order) => boolean,
): Promise<{ found: Positioned[]; resumeAt?: string }> => {
  const { index, pk, sk, partition } = partitionOf(source);
  const found: Positioned[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  for (let page = 0; page < MAX_PAGES && found.length <= limit; page++) {
    const result = await deps.client.send(
      new QueryCommand({
        TableName: deps.tableName,
        IndexName: index,
        KeyConditionExpression: before ? `${pk} = :pk AND ${sk} < :before` : `${pk} = :pk`,
        ExpressionAttributeValues: { ':pk': partition, ...(before ? { ':before': before } : {}) },
        ProjectionExpression: sk,
        ScanIndexForward: false,
        Limit: limit + 1,
        ExclusiveStartKey,
      }),
    );
    const positions = (result.Items ?? []).map((item) => String(item[sk]));
    const orders = await currentOrders(deps, positions.map(orderIdAt));
    for (const position of positions) {
      const order = orders.get(orderIdAt(position));
      if (order && (!keep || keep(order))) found.push({ order, position });
    }
    ExclusiveStartKey = result.LastEvaluatedKey;
    if (!ExclusiveStartKey) return { found };
  }
  // Stopped with more to read: fewer than a full page matched the filter so far; the next page resumes here.
  return found.length > limit || !ExclusiveStartKey ? { found } : { found, resumeAt: String(ExclusiveStartKey[sk]) };
};

/**
 * Newest first. The cursor is a position in `<placedAt>#<orderId>` order, which both index partitions share: a
 * customer's list reads its GSI3 partition, the admin list the ledger of every order, filtered by status on the
 * orders' current state. A position cannot reach into another partition, so a forged cursor shows nothing new.
 */
export const listOrders = async (deps: Deps, source: Source, { limit, cursor, status, risk }: OrderListQuery): Promise<OrderPage> => {
  const before = decodeCursor(cursor, ['before'])?.before as string | undefined;
  const { found, resumeAt } = await collect(deps, source, limit, before, filterOf({ status, risk }));
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
