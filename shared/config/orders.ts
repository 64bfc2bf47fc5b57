import type * as z from 'zod';
import { baseConfigSchema } from '#shared/config.ts';

/**
 * The orders context needs only the base variables. POST /orders keeps no idempotency record of its own (the order's
 * first event is one, see shared/application/orders/place-order.ts), so an Idempotency-Key has no TTL to configure.
 */
export const ordersConfigSchema = baseConfigSchema.extend({});
export type OrdersConfig = z.infer<typeof ordersConfigSchema>;
