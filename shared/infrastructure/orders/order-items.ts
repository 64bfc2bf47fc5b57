import * as z from '#shared/zod.ts';
import type { ChainLink } from '#shared/domain/ledger/hash-chain.ts';
import { storedOrderEventSchema, type StoredOrderEvent } from '#shared/contracts/order-events.ts';
import {
  canonicalOrder,
  CorruptEventStreamError,
  ORDER_STATUSES,
  PAYMENT_STATUSES,
  CANCELLATION_REASONS,
  RISK_DECISIONS,
  type Order,
  type OrderEvent,
} from '#shared/domain/orders/order.ts';
import {
  customerOrdersIndexKey,
  orderEventKey,
  orderLedgerIndexKey,
  orderStateKey,
  stamp,
  unsequencedEventIndexKey,
} from '#shared/infrastructure/dynamodb/keys.ts';

const money = z.object({ amount: z.int(), currency: z.string().check(z.length(3)) });
const line = z.object({
  productId: z.string().check(z.minLength(1)),
  name: z.string(),
  quantity: z.int().check(z.positive()),
  unitPrice: money,
  lineTotal: money,
});

const decision = z.enum(RISK_DECISIONS);
const risk = z.object({
  decision,
  score: z.nullable(z.number()),
  modelVersion: z.nullable(z.int()),
  variant: z.enum(['champion', 'challenger']),
  reasons: z.array(z.string()),
  scoredAt: z.string().check(z.minLength(1)),
  shadow: z.optional(z.object({ modelVersion: z.int(), score: z.number(), decision })),
  approvedAt: z.optional(z.string()),
});

const stateSchema = z.object({
  id: z.string().check(z.minLength(1)),
  customerId: z.string().check(z.minLength(1)),
  status: z.enum(ORDER_STATUSES),
  lines: z.array(line).check(z.minLength(1)),
  total: money,
  payment: z.object({ status: z.enum(PAYMENT_STATUSES) }),
  cancellationReason: z.optional(z.enum(CANCELLATION_REASONS)),
  risk: z.optional(risk),
  version: z.int().check(z.positive()),
  placedAt: z.string().check(z.minLength(1)),
  updatedAt: z.string().check(z.minLength(1)),
});

/**
 * The snapshot, in no index: it changes with every command, and an index entry that moved with it cost up to three
 * index writes per change (issue 13). Lists find orders through their first event (GSI2 ledger, GSI3 customer) and
 * read the snapshots after.
 */
export const toStateItem = (order: Order) => ({
  ...orderStateKey(order.id),
  ...stamp('OrderState'),
  ...canonicalOrder(order),
});

/** The snapshot, or undefined when it is unreadable (then the caller replays from the events). */
export const fromStateItem = (item: Record<string, unknown> | undefined): Order | undefined => {
  const parsed = stateSchema.safeParse(item);
  return parsed.success ? canonicalOrder(parsed.data as Order) : undefined;
};

/**
 * The stored event of the contract (shared/contracts/order-events.ts), plus keys and stamp, plus the event's link in
 * the order's hash chain (docs/ledger.md). The first event (OrderPlaced) is the order's entry in the ledger of all
 * orders (GSI2) and in its customer's list (GSI3): written once, in the placing transaction, and never moved; the
 * anchor worker finds it there. Every later event is listed in the unsequenced-event index (GSI1) the worker drains.
 */
export const toEventItem = (event: OrderEvent, link: ChainLink) => {
  const stored: StoredOrderEvent = {
    entity: 'OrderEvent',
    eventId: event.eventId,
    type: event.type,
    orderId: event.orderId,
    version: event.version,
    occurredAt: event.occurredAt,
    correlationId: event.correlationId,
    data: event.data,
  };
  return {
    ...orderEventKey(event.orderId, event.version),
    ...stamp('OrderEvent'),
    ...(event.type === 'OrderPlaced'
      ? {
          ...orderLedgerIndexKey(event.occurredAt, event.orderId),
          ...customerOrdersIndexKey(event.data.customerId),
        }
      : unsequencedEventIndexKey(event.occurredAt, event.orderId, event.version)),
    ...stored,
    hash: link.hash,
    prevHash: link.prevHash,
  };
};

export const fromEventItem = (item: Record<string, unknown>): OrderEvent => {
  const parsed = storedOrderEventSchema.safeParse(item);
  if (!parsed.success) throw new CorruptEventStreamError(`Unreadable order event ${String(item.PK)}/${String(item.SK)}`);
  const { entity: _entity, ...event } = parsed.data;
  return event as OrderEvent;
};
