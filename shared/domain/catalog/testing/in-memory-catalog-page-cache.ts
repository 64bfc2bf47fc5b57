import type { CatalogPage, CatalogPageCache } from '../ports.ts';

/** Catalog pages in memory, stored as JSON like the table stores them; `failWrites` makes every `put` fail. */
export class InMemoryCatalogPageCache implements CatalogPageCache {
  readonly pages = new Map<string, string>();
  failWrites = false;
  private key = (limit: number, cursor: string | undefined) => (cursor === undefined ? `${limit}` : `${limit}#${cursor}`);

  async get(limit: number, cursor: string | undefined) {
    const json = this.pages.get(this.key(limit, cursor));
    return json === undefined ? undefined : (JSON.parse(json) as CatalogPage);
  }
  async put(limit: number, cursor: string | undefined, page: CatalogPage) {
    if (this.failWrites) throw new Error('L2 unavailable');
    this.pages.set(this.key(limit, cursor), JSON.stringify(page));
  }
  async clear() {
    const count = this.pages.size;
    this.pages.clear();
    return count;
  }
}
