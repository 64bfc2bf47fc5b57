import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '#shared/domain/clock.ts';
import { ConflictError, UnprocessableError } from '#shared/domain/errors.ts';
import { chainLinks, isHash } from '#shared/domain/ledger/hash-chain.ts';
import { replay, type Order } from '#shared/domain/orders/order.ts';
import { ConcurrentUpdateError, type LoadedOrder, type OrderRepository } from '#shared/domain/orders/ports.ts';
import { stockMovesOf, type StockMove } from '#shared/domain/orders/stock.ts';
import { orderEventKey, orderStateKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { fromStateItem, toEventItem, toStateItem } from './order-items.ts';
import { listOrders } from './order-lists.ts';
import { readEvents } from './read-events.ts';
import { stockUpdate } from './stock-updates.ts';

export interface DynamoOrderRepositoryDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
  clock: Clock;
}

/** What the STATE item looked like when loaded: the commit is conditional on it still looking so. */
type SnapshotToken = { kind: 'absent' } | { kind: 'version'; version: number };

/**
 * The hash of the order's event at `version`, which the next event's prevHash must name. Events written before the
 * ledger existed carry none: the chain is then recomputed from their contents (the audit reports them as unhashed).
 */
const previousHash = async (
  deps: Omit<DynamoOrderRepositoryDeps, 'clock'>,
  orderId: string,
  version: number,
): Promise<`0x${string}` | undefined> => {
  if (version === 0) return undefined;
  const { Item } = await deps.client.send(
    new GetCommand({
      TableName: deps.tableName,
      Key: orderEventKey(orderId, version),
      ConsistentRead: true,
      ProjectionExpression: '#hash',
      ExpressionAttributeNames: { '#hash': 'hash' },
    }),
  );
  if (isHash(Item?.hash)) return Item.hash;
  return chainLinks(await readEvents(deps, orderId)).at(-1)?.hash;
};

/** Turns a cancelled transaction into the domain's words: a lost race, a product sold out, or one no longer sold. */
const translateCancellation = (error: TransactionCanceledException, orderItems: number, moves: StockMove[]): Error => {
  const reasons = error.CancellationReasons ?? [];
  // A lost race first: the winner may be what took the stock (and a repeated placing is no stock problem).
  if (reasons.slice(0, orderItems).some((reason) => reason.Code === 'ConditionalCheckFailed'))
    return new ConcurrentUpdateError('The order was changed by another request.', { cause: error });
  const productFailure = reasons.findIndex((reason, index) => index >= orderItems && reason.Code === 'ConditionalCheckFailed');
  if (productFailure >= 0) {
    const { productId, delta } = moves[productFailure - orderItems]!;
    const item = reasons[productFailure]!.Item as { status?: { S?: string }; stock?: { N?: string } } | undefined;
    if (!item || item.status?.S !== 'ACTIVE')
      return new UnprocessableError(`Product ${productId} does not exist or is no longer sold.`, { cause: error });
    return new ConflictError(`Not enough stock for product ${productId}: ${item.stock?.N ?? 0} left, ${-delta} wanted.`, { cause: error });
  }
  return new ConcurrentUpdateError('The order was changed by another request.', { cause: error });
};

/**
 * Moves the snapshot (the read model the list indexes carry) forward after a commit: a plain Put, conditional on not
 * going backwards, so a slower writer of an older version never overwrites a newer one. It is a cache of the events:
 * if it is lost (the function dies between commit and Put), `load` replays the newer events on top, the next command
 * on the order writes it forward, and `npm run rebuild -- orders` repairs the lists.
 */
const moveSnapshot = async ({ client, tableName }: Omit<DynamoOrderRepositoryDeps, 'clock'>, order: Order): Promise<void> => {
  try {
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: toStateItem(order),
        ConditionExpression: 'attribute_not_exists(SK) OR #version < :version',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':version': order.version },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
};

/**
 * Orders as events plus a snapshot in one partition: events (and stock) commit together, the snapshot follows from the
 * first command after placing on.
 */
export const dynamoOrderRepository = (deps: DynamoOrderRepositoryDeps): OrderRepository => {
  const { client, tableName, clock } = deps;

  return {
    async load(orderId): Promise<LoadedOrder> {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: orderStateKey(orderId), ConsistentRead: true }));
      const snapshot = fromStateItem(Item);
      // Every STATE item is written with its version; one without was damaged by hand and needs `npm run rebuild`.
      if (Item && typeof Item.version !== 'number')
        throw new Error(`Order ${orderId}: the STATE item has no version; rebuild the snapshots.`);
      const token: SnapshotToken = Item ? { kind: 'version', version: Item.version as number } : { kind: 'absent' };
      // Normally no event is newer than the snapshot (both commit together); a missing, stale or unreadable one is replayed.
      const newer = await readEvents(deps, orderId, snapshot?.version ?? 0);
      return { order: replay(newer, snapshot), token };
    },

    async append(loaded, events): Promise<Order> {
      if (events.length === 0) return loaded.order!;
      const next = replay(events, loaded.order)!;
      const moves = stockMovesOf(loaded.order, events);
      const now = clock.now().toISOString();
      // Hash-chained in the same commit: a lost race fails the whole commit, so a link never points at a stale head.
      const links = chainLinks(events, await previousHash(deps, events[0]!.orderId, loaded.order?.version ?? 0));
      // The events are the truth and their `attribute_not_exists(SK)` the concurrency guard (two writers of one version:
      // one wins), so only what must move together shares a transaction: the events and the stock. One event without
      // stock is a single conditional Put (half the units of a transaction).
      const eventPuts = events.map((event, index) => ({
        TableName: tableName,
        Item: toEventItem(event, links[index]!),
        ConditionExpression: 'attribute_not_exists(SK)',
      }));
      try {
        if (eventPuts.length === 1 && moves.length === 0) await client.send(new PutCommand(eventPuts[0]!));
        else
          await client.send(
            new TransactWriteCommand({
              TransactItems: [...eventPuts.map((Put) => ({ Put })), ...moves.map((move) => stockUpdate(tableName, move, now))],
            }),
          );
      } catch (error) {
        if (error instanceof TransactionCanceledException) throw translateCancellation(error, eventPuts.length, moves);
        if (error instanceof ConditionalCheckFailedException)
          throw new ConcurrentUpdateError('The order was changed by another request.', { cause: error });
        throw error;
      }
      // A new order gets no snapshot: its one event is all a load replays, and lists find it by that event's index
      // entries (ledger, customer), so placing writes one item less. The first command on it writes the snapshot.
      if (loaded.order) await moveSnapshot(deps, next);
      return next;
    },

    events: (orderId) => readEvents(deps, orderId),
    listByCustomer: (customerId, query) => listOrders(deps, { by: 'customer', customerId }, query),
    listAll: (query) => listOrders(deps, { by: 'status' }, query),
  };
};
