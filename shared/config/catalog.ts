import * as z from '#shared/zod.ts';
import { baseConfigSchema, optionalString, optionalUrl } from '#shared/config.ts';

/**
 * Catalog cache settings. The public reads may lag a change by at most L1 + L2 TTL (10 s + 60 s by default);
 * in practice by L1 TTL plus stream delay, because the stream clears L2 as soon as a product changes.
 */
export const catalogConfigSchema = z.extend(baseConfigSchema, {
  /** L1: per-container memory. 0 turns it off. */
  CATALOG_CACHE_TTL_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(300)), 10),
  /** L2: materialised pages in the table (`expiresAt`). */
  CATALOG_PAGE_TTL_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(3600)), 60),
  /** L2 holds the first this many pages of each page size (one item per size and depth: at most 100 × this). */
  CATALOG_CACHED_PAGES: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(20)), 5),
  /** Offline only (infra/local-only.cjs): the secret that signs list cursors. */
  CATALOG_CURSOR_SECRET: z.pipe(
    z.transform((value) => (value === '' ? undefined : value)),
    z.optional(z.string().check(z.minLength(16))),
  ),
  /** Deployed stages: the SecureString that holds it, read through Powertools Parameters. */
  CATALOG_CURSOR_SECRET_PARAMETER: optionalString,
  /** Set only on invalidateCatalogCache: its stream's on-failure queue, where it sends records it can never read. */
  CATALOG_CACHE_INVALIDATION_FAILURE_QUEUE_URL: optionalUrl,
});
export type CatalogConfig = z.infer<typeof catalogConfigSchema>;
