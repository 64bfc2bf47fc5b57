import { describe, expect, it } from 'vitest';
import type { ProductView } from '#shared/domain/catalog/product.ts';
import { InMemoryProductRepository } from '#shared/domain/catalog/testing/in-memory-product-repository.ts';
import { aProduct } from '#shared/domain/catalog/testing/product-mother.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { getProduct } from './get-product.ts';
import { invalidateCatalogCache } from './invalidate-catalog-cache.ts';
import { listProducts } from './list-products.ts';
import type { CatalogPage } from '#shared/domain/catalog/ports.ts';
import { InMemoryCatalogPageCache } from '#shared/domain/catalog/testing/in-memory-catalog-page-cache.ts';
import { MapMemoryCache } from '#shared/domain/catalog/testing/map-memory-cache.ts';
import { RecordingCacheObserver } from '#shared/domain/catalog/testing/recording-cache-observer.ts';

const setUp = async (names: string[] = ['cup', 'Bowl', 'archived plate', 'dish']) => {
  const products = new InMemoryProductRepository();
  for (const name of names) await products.create(aProduct({ name, status: name.startsWith('archived') ? 'ARCHIVED' : 'ACTIVE' }));
  const deps = {
    products,
    memory: new MapMemoryCache<CatalogPage>(),
    pages: new InMemoryCatalogPageCache(),
    observer: new RecordingCacheObserver(),
    cachedPages: 2,
  };
  return deps;
};

describe('listProducts', () => {
  it('lists active products by name, page by page, with an opaque next cursor', async () => {
    // Prepare
    const deps = await setUp();

    // Act
    const first = await listProducts(deps, { limit: 2 });
    const second = await listProducts(deps, { limit: 2, cursor: first.nextCursor! });

    // Assess
    expect(first.items.map((item) => item.name)).toEqual(['Bowl', 'cup']);
    expect(second).toEqual({ items: [expect.objectContaining({ name: 'dish', status: 'ACTIVE' })], nextCursor: null });
  });

  it.each([
    ['L1 while this container holds the page', [], ['hit:L1'], 1],
    ['L1 even after an invalidation, until its TTL ends', ['invalidate'], ['hit:L1'], 1],
    ['L2 when this container has no copy', ['expireL1'], ['miss:L1', 'hit:L2'], 1],
    ['the index after an invalidation once L1 expired', ['expireL1', 'invalidate'], ['miss:L1', 'miss:L2'], 2],
  ])('serves a repeated page from %s', async (_case, between, events, queries) => {
    // Prepare
    const deps = await setUp();
    await listProducts(deps, { limit: 20 });
    if (between.includes('expireL1')) deps.memory.clear();
    if (between.includes('invalidate')) await invalidateCatalogCache(deps);
    deps.observer.events.length = 0;

    // Act
    const page = await listProducts(deps, { limit: 20 });

    // Assess
    expect(page.items).toHaveLength(3);
    expect(deps.observer.events).toEqual(events);
    expect(deps.products.listCalls).toBe(queries);
  });

  it('keys the caches by limit and cursor, so different pages never mix', async () => {
    // Prepare
    const deps = await setUp();

    // Act
    const small = await listProducts(deps, { limit: 1 });
    const large = await listProducts(deps, { limit: 3 });

    // Assess
    expect(small.items).toHaveLength(1);
    expect(large.items).toHaveLength(3);
    expect(deps.pages.pages.size).toBe(2);
  });

  it('still answers when the L2 write fails, and reports the failure', async () => {
    // Prepare
    const deps = await setUp();
    deps.pages.failWrites = true;

    // Act
    const page = await listProducts(deps, { limit: 20 });

    // Assess
    expect(page.items).toHaveLength(3);
    expect(deps.observer.events).toContain('writeFailed:L2');
  });

  it('rejects a cursor it did not issue before reading any cache, and caches nothing', async () => {
    // Prepare
    const deps = await setUp();

    // Act
    const act = listProducts(deps, { limit: 20, cursor: 'forged' });

    // Assess
    await expect(act).rejects.toThrow(ValidationError);
    expect(deps.observer.events).toEqual([]);
    expect(deps.pages.pages.size).toBe(0);
    expect(deps.memory.entries.size).toBe(0);
  });

  it('stores the first `cachedPages` pages in L2 and reads deeper ones from the index', async () => {
    // Prepare
    const deps = await setUp(['a', 'b', 'c', 'd', 'e']);
    const cursors: Array<string | undefined> = [undefined];

    // Act
    for (let depth = 0; depth < 3; depth += 1) cursors.push((await listProducts(deps, { limit: 1, cursor: cursors[depth] })).nextCursor!);

    // Assess
    expect([...deps.pages.pages.keys()].sort()).toEqual(['1#0', '1#1']);
    expect(deps.observer.events).toEqual(['miss:L1', 'miss:L2', 'miss:L1', 'miss:L2', 'miss:L1']);
  });

  it('holds one L2 page per limit and depth, whichever cursor opened it', async () => {
    // Prepare
    const deps = await setUp(['a', 'b', 'c', 'd', 'e']);
    const secondPages = await Promise.all([1, 2, 3].map(async (limit) => (await listProducts(deps, { limit })).nextCursor!));

    // Act
    for (const cursor of secondPages) await listProducts(deps, { limit: 2, cursor });

    // Assess
    expect([...deps.pages.pages.keys()].sort()).toEqual(['1#0', '2#0', '2#1', '3#0']);
  });
});

describe('getProduct', () => {
  const setUpOne = async () => {
    const products = new InMemoryProductRepository();
    const product = aProduct({ status: 'ARCHIVED' });
    await products.create(product);
    return { product, deps: { products, memory: new MapMemoryCache<ProductView>(), observer: new RecordingCacheObserver() } };
  };

  it('reads an archived product by id and serves the next read from L1', async () => {
    // Prepare
    const { product, deps } = await setUpOne();

    // Act
    const first = await getProduct(deps, product.id);
    const second = await getProduct(deps, product.id);

    // Assess
    expect(first).toMatchObject({ id: product.id, status: 'ARCHIVED', price: product.price });
    expect(second).toEqual(first);
    expect(deps.observer.events).toEqual(['miss:L1', 'hit:L1']);
  });

  it('answers an unknown id with NotFoundError and does not cache the miss', async () => {
    // Prepare
    const { deps } = await setUpOne();

    // Act
    const act = getProduct(deps, '01J00000000000000000000000');

    // Assess
    await expect(act).rejects.toThrow('Product not found.');
    expect(deps.memory.entries.size).toBe(0);
  });
});
