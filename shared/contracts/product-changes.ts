import * as z from '#shared/zod.ts';

/**
 * A product change as the table stream delivers it (the new image of a `PRODUCT#<id>` item, unmarshalled): what a
 * stream consumer of the catalog may rely on. Everything else on the item is the catalog's own business.
 */
export const productChangeSchema = z.object({
  entity: z.literal('Product'),
  id: z.string().check(z.minLength(1)),
});
export type ProductChange = z.infer<typeof productChangeSchema>;

/**
 * Set on a product item by an order's stock move, removed by every catalog write: a change whose new image carries it
 * moved stock only (display-only on catalog pages), so the catalog cache invalidation's stream filter lets it pass by.
 */
export const STOCK_MOVE_MARKER = 'stockMovedBy';
