import { ulid } from 'ulid';
import * as z from 'zod';
import type { GetProductDeps } from '#shared/application/catalog/get-product.ts';
import type { ListProductsDeps } from '#shared/application/catalog/list-products.ts';
import type { CatalogPage, CatalogPageCache } from '#shared/application/catalog/ports.ts';
import type { ProductView } from '#shared/domain/catalog/product.ts';
import { baseConfigSchema, ConfigError, loadConfig, optionalUrl } from '#shared/config.ts';
import type { DeadLetterQueue } from '#shared/contracts/dead-letters.ts';
import { dynamoCatalogPageCache } from '#shared/infrastructure/catalog/dynamo-catalog-page-cache.ts';
import { dynamoProductRepository } from '#shared/infrastructure/catalog/dynamo-product-repository.ts';
import { lruMemoryCache } from '#shared/infrastructure/catalog/lru-memory-cache.ts';
import { metricsCacheObserver } from '#shared/infrastructure/catalog/metrics-cache-observer.ts';
import { createDynamoClient } from '#shared/infrastructure/dynamodb/client.ts';
import { sqsDeadLetterQueue } from '#shared/infrastructure/sqs/dead-letter-queue.ts';
import { createSqsClient } from '#shared/infrastructure/sqs/client.ts';
import { once } from './memo.ts';

/**
 * Catalog cache settings. The public reads may lag a change by at most L1 + L2 TTL (10 s + 60 s by default);
 * in practice by L1 TTL plus stream delay, because the stream clears L2 as soon as a product changes.
 */
export const catalogConfigSchema = baseConfigSchema.extend({
  /** L1: per-container memory. 0 turns it off. */
  CATALOG_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
  /** L2: materialised pages in the table (`expiresAt`). */
  CATALOG_PAGE_TTL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Set only on invalidateCatalogCache: its stream's on-failure queue, where it sends records it can never read. */
  CATALOG_CACHE_INVALIDATION_FAILURE_QUEUE_URL: optionalUrl,
});

// The catalog composition root: real adapters, built once per container. The cache builders are plain function
// declarations so that esbuild drops the ones a function does not call (the admin functions bundle no LRU).
export const catalogConfig = loadConfig(catalogConfigSchema);
const config = catalogConfig;

export const clock = { now: () => new Date() };
export const newId = () => ulid();
const dynamo = createDynamoClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
export const products = /* @__PURE__ */ dynamoProductRepository({ client: dynamo, tableName: config.TABLE_NAME });

const L1_MAX_ENTRIES = 500;

export function catalogPageCache(): CatalogPageCache {
  return dynamoCatalogPageCache({ client: dynamo, tableName: config.TABLE_NAME, clock, ttlSeconds: config.CATALOG_PAGE_TTL_SECONDS });
}

export function listProductsDeps(): ListProductsDeps {
  return {
    products,
    memory: lruMemoryCache<CatalogPage>({ maxEntries: L1_MAX_ENTRIES, ttlSeconds: config.CATALOG_CACHE_TTL_SECONDS }),
    pages: catalogPageCache(),
    observer: metricsCacheObserver('catalogList'),
  };
}

export function getProductDeps(): GetProductDeps {
  return {
    products,
    memory: lruMemoryCache<ProductView>({ maxEntries: L1_MAX_ENTRIES, ttlSeconds: config.CATALOG_CACHE_TTL_SECONDS }),
    observer: metricsCacheObserver('product'),
  };
}

/** The invalidator's on-failure queue; built on first use, so only a record it cannot read needs the setting. */
export const catalogCacheDeadLetters = once(async (): Promise<DeadLetterQueue> => {
  const queueUrl = config.CATALOG_CACHE_INVALIDATION_FAILURE_QUEUE_URL;
  if (!queueUrl) throw new ConfigError('Invalid configuration: CATALOG_CACHE_INVALIDATION_FAILURE_QUEUE_URL: Required');
  return sqsDeadLetterQueue(createSqsClient({ region: config.AWS_REGION, endpoint: config.SQS_ENDPOINT }), queueUrl);
});
