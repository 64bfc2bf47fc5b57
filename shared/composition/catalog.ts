import { ulid } from 'ulid';
import type { ArchiveProductDeps } from '#shared/application/catalog/archive-product.ts';
import type { CreateProductDeps } from '#shared/application/catalog/create-product.ts';
import type { GetProductDeps } from '#shared/application/catalog/get-product.ts';
import type { ListProductsDeps } from '#shared/application/catalog/list-products.ts';
import type { CatalogPage, CatalogPageCache } from '#shared/domain/catalog/ports.ts';
import type { UpdateProductDeps } from '#shared/application/catalog/update-product.ts';
import type { ProductView } from '#shared/domain/catalog/product.ts';
import { ConfigError, loadConfig } from '#shared/config.ts';
import { catalogConfigSchema } from '#shared/config/catalog.ts';
import type { DeadLetterQueue } from '#shared/domain/messaging/ports.ts';
import { dynamoCatalogPageCache } from '#shared/infrastructure/catalog/dynamo-catalog-page-cache.ts';
import { CATALOG_CURSOR_PURPOSE, dynamoProductRepository } from '#shared/infrastructure/catalog/dynamo-product-repository.ts';
import { signedCursors, type SignedCursors } from '#shared/infrastructure/dynamodb/signed-cursor.ts';
import { secureParameter } from '#shared/infrastructure/secrets/secure-parameter.ts';
import { lruMemoryCache } from '#shared/infrastructure/catalog/lru-memory-cache.ts';
import { metricsCacheObserver } from '#shared/infrastructure/catalog/metrics-cache-observer.ts';
import { routeFor } from '#shared/middleware/http/route.ts';
import { accessTokenVerifier } from './auth.ts';
import { documentClientFor, sqsClientFor } from './aws.ts';
import { sqsDeadLetterQueue } from '#shared/infrastructure/sqs/dead-letter-queue.ts';
import { once } from './memo.ts';
import { systemClock } from '#shared/domain/clock.ts';

// The catalog composition root: config parsed at cold start, adapters built once per container on first use.
// Getters, builders and the route helper are side-effect free, so esbuild drops what a function does not use:
// the admin functions bundle no LRU, the public reads no token verifier.
export const catalogConfig = loadConfig(catalogConfigSchema);
const config = catalogConfig;

const clock = systemClock;
const newId = () => ulid();
const dynamo = /* @__PURE__ */ documentClientFor(config);

/** The list's cursor signer: the local secret offline, the stage's SecureString in AWS (read once per container). */
const catalogCursors = async (): Promise<SignedCursors> => {
  const secret =
    config.CATALOG_CURSOR_SECRET ??
    (config.CATALOG_CURSOR_SECRET_PARAMETER && (await secureParameter(config.CATALOG_CURSOR_SECRET_PARAMETER)()));
  if (!secret) throw new ConfigError('Invalid configuration: CATALOG_CURSOR_SECRET_PARAMETER: Required (the cursor signing secret)');
  return signedCursors(secret, CATALOG_CURSOR_PURPOSE);
};

const products = /* @__PURE__ */ dynamoProductRepository({ client: dynamo, tableName: config.TABLE_NAME });

const L1_MAX_ENTRIES = 500;

/** The L2 page cache in the table; the stream handler clears it when a product changes. */
export function catalogPageCache(): CatalogPageCache {
  return dynamoCatalogPageCache({ client: dynamo, tableName: config.TABLE_NAME, clock, ttlSeconds: config.CATALOG_PAGE_TTL_SECONDS });
}

/** The admin writes: create, update, archive. */
export const manageProductDeps = /* @__PURE__ */ once(async (): Promise<CreateProductDeps & UpdateProductDeps & ArchiveProductDeps> => ({
  products,
  clock,
  newId,
}));

export const listProductsDeps = /* @__PURE__ */ once(async (): Promise<ListProductsDeps> => ({
  products: dynamoProductRepository({ client: dynamo, tableName: config.TABLE_NAME, cursors: await catalogCursors() }),
  cachedPages: config.CATALOG_CACHED_PAGES,
  memory: lruMemoryCache<CatalogPage>({ maxEntries: L1_MAX_ENTRIES, ttlSeconds: config.CATALOG_CACHE_TTL_SECONDS }),
  pages: catalogPageCache(),
  observer: metricsCacheObserver('catalogList'),
}));

export const getProductDeps = /* @__PURE__ */ once(async (): Promise<GetProductDeps> => ({
  products,
  memory: lruMemoryCache<ProductView>({ maxEntries: L1_MAX_ENTRIES, ttlSeconds: config.CATALOG_CACHE_TTL_SECONDS }),
  observer: metricsCacheObserver('product'),
}));

export const invalidateCatalogCacheDeps = /* @__PURE__ */ once(async () => ({ pages: catalogPageCache() }));

/** The signed-in catalog routes (product management); the reads are public routes. */
export const catalogRoute = /* @__PURE__ */ routeFor({ verifier: accessTokenVerifier });

/** The invalidator's on-failure queue; built on first use, so only a record it cannot read needs the setting. */
export const catalogCacheDeadLetters = /* @__PURE__ */ once(async (): Promise<DeadLetterQueue> => {
  const queueUrl = config.CATALOG_CACHE_INVALIDATION_FAILURE_QUEUE_URL;
  if (!queueUrl) throw new ConfigError('Invalid configuration: CATALOG_CACHE_INVALIDATION_FAILURE_QUEUE_URL: Required');
  return sqsDeadLetterQueue(sqsClientFor(config), queueUrl);
});
