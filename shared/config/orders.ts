import * as z from 'zod';
import { baseConfigSchema } from '#shared/config.ts';

export const ordersConfigSchema = baseConfigSchema.extend({
  /** How long an Idempotency-Key of POST /orders replays its first response. */
  ORDER_IDEMPOTENCY_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 86_400)
    .default(86_400),
  /** The payment deadline (part of the contract): an order not paid this long after placing is cancelled `payment_timeout`. */
  ORDER_PAYMENT_DEADLINE_SECONDS: z.coerce
    .number()
    .int()
    .min(10)
    .max(7 * 86_400)
    .default(1_800),
});
export type OrdersConfig = z.infer<typeof ordersConfigSchema>;
