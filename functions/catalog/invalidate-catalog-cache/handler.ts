import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { invalidateCatalogCache } from '#shared/application/catalog/invalidate-catalog-cache.ts';
import { catalogPageCache } from '#shared/composition/catalog.ts';
import { changedProductIds } from '#shared/infrastructure/catalog/product-stream.ts';
import { logger, metrics } from '#shared/observability/index.ts';

const pages = catalogPageCache();

/** Clears the L2 catalog pages once per batch of product changes; a failure retries the batch from its first record. */
export const handler = middy(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const productIds = changedProductIds(event);
  if (productIds.length === 0) return { batchItemFailures: [] };
  try {
    const deleted = await invalidateCatalogCache({ pages });
    metrics.addMetric('CatalogPagesInvalidated', MetricUnit.Count, deleted);
    logger.info('catalog pages invalidated', { deleted, productIds });
    return { batchItemFailures: [] };
  } catch (error) {
    logger.error('catalog page invalidation failed; the batch will be retried', { error: error as Error, productIds });
    return { batchItemFailures: [{ itemIdentifier: event.Records[0]!.dynamodb!.SequenceNumber! }] };
  }
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
