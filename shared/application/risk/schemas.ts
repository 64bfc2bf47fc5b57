import * as z from '#shared/zod.ts';
import { riskRoutingSchema } from '#shared/domain/risk/routing.ts';
import { idPath, ulid } from '../common-schemas.ts';
import { MAX_SCORE_BATCH } from './score-orders.ts';

/** The payload of OrderPlaced as the risk step reads it (the order-event contract leaves `data` to each consumer). */
export const orderPlacedDataSchema = z.object({
  customerId: z.string().check(z.minLength(1)),
  lines: z
    .array(z.object({ quantity: z.int().check(z.positive()), unitPrice: z.object({ amount: z.int().check(z.nonnegative()) }) }))
    .check(z.minLength(1)),
  total: z.object({ amount: z.int().check(z.nonnegative()) }),
});

/** `{version}` path parameters. */
export const modelVersionPath = z.object({ version: z.coerce.number().check(z.int(), z.positive(), z.lte(9_999_999_999)) });

/** PUT /admin/risk/routing. */
export const routingBody = riskRoutingSchema;

/** POST /admin/risk/score: 1–100 existing orders. */
export const scoreBody = z.strictObject({
  items: z
    .array(z.strictObject({ orderId: ulid }))
    .check(z.minLength(1, 'needs 1 to 100 items'), z.maxLength(MAX_SCORE_BATCH, `needs 1 to ${MAX_SCORE_BATCH} items`)),
});

/** GET /admin/risk/report?since=<ISO time>; default: the last 24 hours. */
export const reportQuery = z.strictObject({
  since: z.optional(z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time, e.g. 2026-03-01T00:00:00Z' })),
});

/** POST /admin/orders/{id}/risk/label. */
export const labelBody = z.strictObject({ fraud: z.boolean() });
export const orderIdPath = idPath;

/** A model document may be up to 256 KiB (the rest of the API takes 64 KiB). */
export const MAX_MODEL_DOCUMENT_BYTES = 256 * 1024;
