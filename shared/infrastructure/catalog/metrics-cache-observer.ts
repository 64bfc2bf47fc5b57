import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CacheLevel, CacheObserver } from '#shared/domain/catalog/ports.ts';
import { logger, metrics } from '#shared/observability/index.ts';

const count = (name: string, cache: string, level: CacheLevel) => {
  const metric = metrics.singleMetric();
  metric.addDimensions({ cache, level });
  metric.addMetric(name, MetricUnit.Count, 1);
};

/** Hit ratio per cache and level as EMF metrics `CacheHit` / `CacheMiss` with dimensions `cache` and `level`. */
export const metricsCacheObserver = (cache: string): CacheObserver => ({
  hit: (level) => count('CacheHit', cache, level),
  miss: (level) => count('CacheMiss', cache, level),
  writeFailed: (level, error) => {
    count('CacheWriteFailed', cache, level);
    logger.warn('cache write failed; served uncached', { cache, level, error: error as Error });
  },
});
