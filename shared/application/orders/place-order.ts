import { decidePlaceOrder } from '#shared/domain/orders/decide.ts';
import { canonicalOrder, type Order } from '#shared/domain/orders/order.ts';
import { metaOf, type OrderDeps } from './order-deps.ts';
import { checkPlacementLimits, type PlacementLimits } from './placement-limits.ts';
import { withRetry } from './retry-policy.ts';
import type { PlaceOrderBody } from './schemas.ts';

export interface PlaceOrderInput {
  customerId: string;
  body: PlaceOrderBody;
  correlationId: string;
}

/**
 * Places an order: reads the products (prices come from them, never from the client), decides, and commits the
 * OrderPlaced event, the snapshot and every stock reservation in one transaction. Out of stock: 409, nothing reserved.
 */
export const placeOrder = async (
  deps: OrderDeps & { placement?: PlacementLimits },
  { customerId, body, correlationId }: PlaceOrderInput,
): Promise<Order> => {
  // Per-customer rate and open-unpaid cap (429 / 409) before anything is read or reserved.
  if (deps.placement) await checkPlacementLimits(deps.placement, customerId);
  const orderId = deps.newId();
  return withRetry(deps.retry, async () => {
    const products = await deps.products.getMany(body.lines.map((line) => line.productId));
    const events = decidePlaceOrder(undefined, { orderId, customerId, lines: body.lines, products, meta: metaOf(deps, correlationId) });
    return canonicalOrder(await deps.orders.append({ order: undefined, token: undefined }, events));
  });
};
