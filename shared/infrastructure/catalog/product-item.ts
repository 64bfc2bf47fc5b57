import type { Product, ProductStatus } from '#shared/domain/catalog/product.ts';
import { catalogIndexKey, productKey, stamp } from '#shared/infrastructure/dynamodb/keys.ts';

/**
 * The stored product, a contract shared with the orders context, which reads these items and moves `stock`
 * in its own transactions: `{ PK, SK, entity: 'Product', v: 1, id, name, description, price: { amount, currency },
 * stock, status, version, createdAt, updatedAt }`, plus GSI1PK/GSI1SK while ACTIVE only. `initialStock` (set once, at
 * creation) and `stockAdded` (every admin stock delta since) let `npm run audit` check that stock equals
 * initialStock + stockAdded − what live orders reserve.
 */
export const toProductItem = (product: Product) => ({
  ...productKey(product.id),
  ...(product.status === 'ACTIVE' ? catalogIndexKey(product.name, product.id) : {}),
  ...stamp('Product'),
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
