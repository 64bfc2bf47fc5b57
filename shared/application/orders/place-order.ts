import { UnprocessableError } from '#shared/domain/errors.ts';
import { decidePlaceOrder } from '#shared/domain/orders/decide.ts';
import { canonicalOrder, replay, type Order, type OrderEvent } from '#shared/domain/orders/order.ts';
import { metaOf, type OrderDeps } from './order-deps.ts';
import { orderIdFor } from './order-id.ts';
import { checkPlacementLimits, type PlacementLimits } from './placement-limits.ts';
import { withRetry } from './retry-policy.ts';
import type { PlaceOrderBody } from './schemas.ts';

export interface PlaceOrderInput {
  customerId: string;
  body: PlaceOrderBody;
  correlationId: string;
  /** The client's Idempotency-Key (POST /orders always has one); without one, internal callers get a fresh order. */
  idempotencyKey?: string;
}

/** The body that placed `placed`, in its own words: the same lines, in the same order. */
const sameRequest = (placed: OrderEvent, customerId: string, body: PlaceOrderBody): boolean =>
  placed.type === 'OrderPlaced' &&
  placed.data.customerId === customerId &&
  placed.data.lines.length === body.lines.length &&
  placed.data.lines.every(
    (line, index) => line.productId === body.lines[index]!.productId && line.quantity === body.lines[index]!.quantity,
  );

/**
 * Places an order: reads the products (prices come from them, never from the client), decides, and commits the
 * OrderPlaced event, the snapshot and every stock reservation in one transaction. Out of stock: 409, nothing reserved.
 *
 * Idempotent without a record of its own: the order's id comes from the customer and the Idempotency-Key, and its
 * first event can be written once only (`attribute_not_exists`). So the first event is the idempotency record: a
 * repeat (sequential, concurrent, or after an ambiguous commit) finds it and answers the order as that event placed it,
 * which is exactly the first response; the same key with another body is 422; a failure writes nothing, so the same
 * key may succeed later.
 */
export const placeOrder = async (
  deps: OrderDeps & { placement?: PlacementLimits },
  { customerId, body, correlationId, idempotencyKey }: PlaceOrderInput,
): Promise<Order> => {
  const orderId = idempotencyKey === undefined ? deps.newId() : orderIdFor(customerId, idempotencyKey);
  const earlierAnswer = async (): Promise<Order | undefined> => {
    if (idempotencyKey === undefined) return undefined;
    const [placed] = await deps.orders.events(orderId);
    if (!placed) return undefined;
    if (!sameRequest(placed, customerId, body))
      throw new UnprocessableError('This Idempotency-Key was already used with a different request body.');
    return canonicalOrder(replay([placed])!);
  };
  // A repeat answers as the first time did, before any limit: the order it placed is itself one awaiting payment.
  const repeated = await earlierAnswer();
  if (repeated) return repeated;
  // Per-customer rate and open-unpaid cap (429 / 409) before anything is read or reserved.
  if (deps.placement) await checkPlacementLimits(deps.placement, customerId);
  let attempt = 0;
  return withRetry(deps.retry, async () => {
    // After a lost race, the winner may be a concurrent request with this same key.
    if (attempt++ > 0) {
      const raced = await earlierAnswer();
      if (raced) return raced;
    }
    const products = await deps.products.getMany(body.lines.map((line) => line.productId));
    const events = decidePlaceOrder(undefined, { orderId, customerId, lines: body.lines, products, meta: metaOf(deps, correlationId) });
    return canonicalOrder(await deps.orders.append({ order: undefined, token: undefined }, events));
  });
};
