import type { ProductSnapshot } from '../decide.ts';
import type { ProductReader } from '../ports.ts';

/** Catalog products as orders read them, in a Map; unknown ids are simply absent. */
export class InMemoryProductReader implements ProductReader {
  readonly products = new Map<string, ProductSnapshot>();

  async getMany(productIds: readonly string[]): Promise<Map<string, ProductSnapshot>> {
    const found = new Map<string, ProductSnapshot>();
    for (const id of productIds) {
      const product = this.products.get(id);
      if (product) found.set(id, structuredClone(product));
    }
    return found;
  }
}
