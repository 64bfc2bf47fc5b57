import * as z from 'zod';
import { MAX_LINES, MAX_QUANTITY } from '#shared/domain/orders/decide.ts';
import { ORDER_STATUSES } from '#shared/domain/orders/order.ts';
import { idPath, pageFields } from '../common-schemas.ts';

export const placeOrderBody = z
  .object({
    lines: z
      .array(z.object({ productId: z.string().min(1).max(64), quantity: z.number().int().min(1).max(MAX_QUANTITY) }).strict())
      .min(1)
      .max(MAX_LINES)
      .refine((lines) => new Set(lines.map((line) => line.productId)).size === lines.length, {
        message: 'each product may appear in one line only',
      }),
  })
  .strict();
export type PlaceOrderBody = z.infer<typeof placeOrderBody>;

/** Header names arrive lower-cased from the validator; other headers pass through untouched. */
export const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string({ error: 'Idempotency-Key is required' })
    .min(8)
    .max(128)
    .regex(/^[\x21-\x7E]+$/, 'must be printable ASCII without spaces'),
});

export const orderIdPath = idPath;

const page = { ...pageFields, status: z.enum(ORDER_STATUSES).optional() };
export const orderListQuery = z.object(page).strict();
export type OrderListQueryInput = z.infer<typeof orderListQuery>;
/** GET /admin/orders: also `?risk=review`, the orders waiting for a risk review. */
export const adminOrderListQuery = z.object({ ...page, risk: z.enum(['review']).optional() }).strict();
