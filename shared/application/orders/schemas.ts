import * as z from '#shared/zod.ts';
import { MAX_LINES, MAX_QUANTITY } from '#shared/domain/orders/decide.ts';
import { ORDER_STATUSES } from '#shared/domain/orders/order.ts';
import { idPath, pageFields } from '../common-schemas.ts';

export const placeOrderBody = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        productId: z.string().check(z.minLength(1), z.maxLength(64)),
        quantity: z.int().check(z.gte(1), z.lte(MAX_QUANTITY)),
      }),
    )
    .check(
      z.minLength(1),
      z.maxLength(MAX_LINES),
      z.refine((lines) => new Set(lines.map((line) => line.productId)).size === lines.length, {
        message: 'each product may appear in one line only',
      }),
    ),
});
export type PlaceOrderBody = z.infer<typeof placeOrderBody>;

/** Header names arrive lower-cased from the validator; other headers pass through untouched. */
export const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string({ error: 'Idempotency-Key is required' })
    .check(z.minLength(8), z.maxLength(128), z.regex(/^[\x21-\x7E]+$/, 'must be printable ASCII without spaces')),
});

export const orderIdPath = idPath;

const page = { ...pageFields, status: z.optional(z.enum(ORDER_STATUSES)) };
export const orderListQuery = z.strictObject(page);
export type OrderListQueryInput = z.infer<typeof orderListQuery>;
/** GET /admin/orders: also `?risk=review`, the orders waiting for a risk review. */
export const adminOrderListQuery = z.strictObject({ ...page, risk: z.optional(z.enum(['review'])) });
