import type { Product, ProductStatus } from '#shared/domain/catalog/product.ts';
import { catalogEntryKey, catalogIndexKey, productKey, stamp } from '#shared/infrastructure/dynamodb/keys.ts';

/** Products written from v2 on keep their catalog index keys on a catalog entry item, not on the product item. */
export const PRODUCT_SCHEMA_VERSION = 2;

/**
 * The stored product, a contract shared with the orders context, which reads these items and moves `stock`
 * in its own transactions: `{ PK, SK, entity: 'Product', v: 2, id, name, description, price: { amount, currency },
 * stock, status, version, createdAt, updatedAt }`. `initialStock` (set once, at creation) and `stockAdded` (every admin
 * stock delta since) let `npm run audit` check that stock equals initialStock + stockAdded − what live orders reserve.
 * v2 items are in no index (their catalog entry is: `toCatalogEntryItem`), so a stock move writes no index entry; v1
 * items (written before) carry GSI1PK/GSI1SK themselves while ACTIVE and are listed as they are.
 */
export const toProductItem = (product: Product) => ({
  ...productKey(product.id),
  ...stamp('Product', PRODUCT_SCHEMA_VERSION),
  id: product.id,
  name: product.name,
  description: product.description,
  price: { amount: product.price.amount, currency: product.price.currency },
  stock: product.stock,
  initialStock: product.stock,
  status: product.status,
  version: product.version,
  createdAt: product.createdAt,
  updatedAt: product.updatedAt,
});

/**
 * The product's place in the public list: only the index keys (GSI1 `CATALOG`, by name) and the id; the list reads
 * everything it shows from the product item. Written with the product, re-keyed by a rename, deleted on archive.
 */
export const toCatalogEntryItem = (product: Pick<Product, 'id' | 'name'>) => ({
  ...catalogEntryKey(product.id),
  ...catalogIndexKey(product.name, product.id),
  ...stamp('CatalogEntry'),
  id: product.id,
});

/** True for a catalog entry item (a v1 product item in the index is the product itself). */
export const isCatalogEntry = (item: Record<string, unknown>): boolean => item.entity === 'CatalogEntry';

interface StoredProduct {
  id: string;
  name: string;
  description?: string;
  price: { amount: number; currency: string };
  stock: number;
  status: ProductStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const fromProductItem = (item: Record<string, unknown>): Product => {
  const stored = item as unknown as StoredProduct;
  return {
    id: stored.id,
    name: stored.name,
    description: stored.description ?? '',
    price: { amount: Number(stored.price.amount), currency: stored.price.currency },
    stock: Number(stored.stock),
    status: stored.status,
    version: Number(stored.version),
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
  };
};
