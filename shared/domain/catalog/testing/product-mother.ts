import { ulid } from 'ulid';
import type { Product } from '../product.ts';

/** A valid active product with a unique id; override only what the test is about. */
export const aProduct = (overrides: Partial<Product> = {}): Product => ({
  id: ulid(),
  name: 'Espresso cup',
  description: 'Porcelain, 80 ml',
  price: { amount: 1250, currency: 'EUR' },
  stock: 10,
  status: 'ACTIVE',
  version: 1,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  ...overrides,
});
