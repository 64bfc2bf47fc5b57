import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors.ts';
import type { ListProductsQuery, ProductPage, ProductRepository } from '../ports.ts';
import { archived, reviseProduct, type Product, type ProductChanges } from '../product.ts';

const copy = (product: Product): Product => ({ ...product, price: { ...product.price } });
const sortKey = (product: Product) => `${product.name.toLowerCase()}#${product.id}`;

/** The repository contract in memory; the cursor is the sort key of the last item returned. */
export class InMemoryProductRepository implements ProductRepository {
  readonly products = new Map<string, Product>();
  listCalls = 0;

  async create(product: Product) {
    if (this.products.has(product.id)) throw new ConflictError('A product with this id exists.');
    this.products.set(product.id, copy(product));
  }

  async get(id: string) {
    const product = this.products.get(id);
    return product && copy(product);
  }

  async listActive({ limit, cursor }: ListProductsQuery): Promise<ProductPage> {
    this.listCalls += 1;
    if (cursor !== undefined && !cursor.includes('#')) throw new ValidationError('The cursor is invalid.');
    const active = [...this.products.values()]
      .filter((product) => product.status === 'ACTIVE')
      .sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    const after = cursor === undefined ? active : active.filter((product) => sortKey(product) > cursor);
    const items = after.slice(0, limit);
    const last = items.at(-1);
    return { items: items.map(copy), nextCursor: after.length > limit && last ? sortKey(last) : null };
  }

  async update(id: string, changes: ProductChanges, now: string) {
    const product = this.products.get(id);
    if (!product) throw new NotFoundError('Product not found.');
    const next = reviseProduct(product, changes, now);
    this.products.set(id, next);
    return copy(next);
  }

  async archive(id: string, now: string) {
    const product = this.products.get(id);
    if (!product) throw new NotFoundError('Product not found.');
    const next = archived(product, now);
    this.products.set(id, next);
    return copy(next);
  }
}
