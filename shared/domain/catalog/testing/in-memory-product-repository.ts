import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors.ts';
import type { ListProductsQuery, ProductPage, ProductRepository } from '../ports.ts';
import { archived, reviseProduct, type Product, type ProductChanges } from '../product.ts';

const copy = (product: Product): Product => ({ ...product, price: { ...product.price } });
const sortKey = (product: Product) => `${product.name.toLowerCase()}#${product.id}`;

/** The repository contract in memory; the cursor is `<depth>|<sort key of the last item returned>`. */
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

  pageDepth(cursor: string | undefined): number {
    return cursor === undefined ? 0 : this.open(cursor).depth;
  }

  async listActive({ limit, cursor }: ListProductsQuery): Promise<ProductPage> {
    this.listCalls += 1;
    const depth = this.pageDepth(cursor);
    const after = cursor === undefined ? undefined : this.open(cursor).after;
    const active = [...this.products.values()]
      .filter((product) => product.status === 'ACTIVE')
      .sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    const rest = after === undefined ? active : active.filter((product) => sortKey(product) > after);
    const items = rest.slice(0, limit);
    const last = items.at(-1);
    return { items: items.map(copy), nextCursor: rest.length > limit && last ? `${depth + 1}|${sortKey(last)}` : null };
  }

  private open(cursor: string) {
    const match = /^([1-9]\d*)\|(.+#.+)$/.exec(cursor);
    if (!match) throw new ValidationError('The cursor is invalid.');
    return { depth: Number(match[1]), after: match[2]! };
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
