import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { invalidateCatalogCache } from '#shared/application/catalog/invalidate-catalog-cache.ts';
import { catalogCacheDeadLetters, catalogPageCache } from '#shared/composition/catalog.ts';
import { productChangeSchema } from '#shared/contracts/product-changes.ts';
import { streamWorker } from '#shared/middleware/stream/stream-worker.ts';
import { logger, metrics } from '#shared/observability/index.ts';

const pages = catalogPageCache();

/** Clears the L2 catalog pages once per batch of product changes; a failure retries the batch from its first change. */
export const handler = streamWorker(
  { entity: 'Product', schema: productChangeSchema, deadLetters: catalogCacheDeadLetters },
  {
    batch: async (changes) => {
      const deleted = await invalidateCatalogCache({ pages });
      metrics.addMetric('CatalogPagesInvalidated', MetricUnit.Count, deleted);
      logger.info('catalog pages invalidated', { deleted, productIds: changes.map(({ item }) => item.id) });
    },
  },
);
