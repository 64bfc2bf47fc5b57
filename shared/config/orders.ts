import * as z from 'zod';
import { baseConfigSchema } from '#shared/config.ts';

const rateRule = z
  .string()
  .regex(/^\d+\/\d+$/, 'must be <limit>/<windowSeconds>, e.g. 10/60')
  .transform((rule) => {
    const [limit, windowSeconds] = rule.split('/').map(Number) as [number, number];
    return { limit, windowSeconds };
  });

/**
 * POST /orders keeps no idempotency record of its own (the order's first event is one, see
 * shared/application/orders/place-order.ts), so an Idempotency-Key has no TTL to configure.
 */
export const ordersConfigSchema = baseConfigSchema.extend({
  /** Orders one customer may place per window: POST /orders answers 429 beyond it. */
  ORDER_RATE_PER_CUSTOMER: rateRule.default({ limit: 10, windowSeconds: 60 }),
  /** Orders awaiting payment one customer may hold: POST /orders answers 409 beyond it. */
  ORDER_MAX_UNPAID: z.coerce.number().int().min(1).max(1000).default(5),
  /** The payment deadline (part of the contract): an order not paid this long after placing is cancelled `payment_timeout`. */
  ORDER_PAYMENT_DEADLINE_SECONDS: z.coerce
    .number()
    .int()
    .min(10)
    .max(7 * 86_400)
    .default(1_800),
});
export type OrdersConfig = z.infer<typeof ordersConfigSchema>;
