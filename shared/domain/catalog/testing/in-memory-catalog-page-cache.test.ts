import { describeCatalogPageCacheContract } from './catalog-page-cache.contract.ts';
import { InMemoryCatalogPageCache } from './in-memory-catalog-page-cache.ts';

describeCatalogPageCacheContract('InMemoryCatalogPageCache', () => new InMemoryCatalogPageCache());
