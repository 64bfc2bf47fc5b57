import type { Product, ProductChanges, ProductId } from './product.ts';

export interface ProductPage {
  items: Product[];
  nextCursor: string | null;
}

export interface ListProductsQuery {
  /** 1 to 100. */
  limit: number;
  /** Opaque, from the previous page's `nextCursor`. */
  cursor?: string | undefined;
}

/** Where products live. Changes are applied atomically in storage, never read-modify-write. */
export interface ProductRepository {
  /** Stores a new product; ConflictError when the id exists. */
  create(product: Product): Promise<void>;
  /** The product, active or archived, or undefined. */
  get(id: ProductId): Promise<Product | undefined>;
  /** Active products by name; ValidationError on `cursor` for a cursor it did not issue. */
  listActive(query: ListProductsQuery): Promise<ProductPage>;
  /**
   * Applies validated changes in one conditional write, with the rules of `reviseProduct`: NotFoundError when absent,
   * ConflictError when archived or when the stock would leave 0..MAX_STOCK. Returns the product as stored.
   */
  update(id: ProductId, changes: ProductChanges, now: string): Promise<Product>;
  /** Archives (idempotent) and returns the product as stored; NotFoundError when absent. */
  archive(id: ProductId, now: string): Promise<Product>;
}
