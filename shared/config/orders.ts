import * as z from '#shared/zod.ts';
import { baseConfigSchema } from '#shared/config.ts';

const rateRule = z.pipe(
  z.string().check(z.regex(/^\d+\/\d+$/, 'must be <limit>/<windowSeconds>, e.g. 10/60')),
  z.transform((rule: string) => {
    const [limit, windowSeconds] = rule.split('/').map(Number) as [number, number];
    return { limit, windowSeconds };
  }),
);

/**
 * POST /orders keeps no idempotency record of its own (the order's first event is one, see
 * shared/application/orders/place-order.ts), so an Idempotency-Key has no TTL to configure.
 */
export const ordersConfigSchema = z.extend(baseConfigSchema, {
  /** Orders one customer may place per window: POST /orders answers 429 beyond it. */
  ORDER_RATE_PER_CUSTOMER: z._default(rateRule, { limit: 10, windowSeconds: 60 }),
  /** Orders awaiting payment one customer may hold: POST /orders answers 409 beyond it. */
  ORDER_MAX_UNPAID: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(1000)), 5),
  /** The payment deadline (part of the contract): an order not paid this long after placing is cancelled `payment_timeout`. */
  ORDER_PAYMENT_DEADLINE_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(10), z.lte(7 * 86_400)), 1_800),
});
export type OrdersConfig = z.infer<typeof ordersConfigSchema>;
