import type { CatalogPage, CatalogPageCache, PagePosition } from '../ports.ts';

/**
 * Catalog pages in memory, one slot per limit and depth like the table, stored as JSON with the cursor they answer;
 * `failWrites` makes every `put` fail.
 */
export class InMemoryCatalogPageCache implements CatalogPageCache {
  readonly pages = new Map<string, { cursor: string | undefined; json: string }>();
  failWrites = false;
  private slot = ({ limit, depth }: PagePosition) => `${limit}#${depth}`;

  async get(position: PagePosition) {
    const stored = this.pages.get(this.slot(position));
    return stored === undefined || stored.cursor !== position.cursor ? undefined : (JSON.parse(stored.json) as CatalogPage);
  }
  async put(position: PagePosition, page: CatalogPage) {
    if (this.failWrites) throw new Error('L2 unavailable');
    this.pages.set(this.slot(position), { cursor: position.cursor, json: JSON.stringify(page) });
  }
  async clear() {
    const count = this.pages.size;
    this.pages.clear();
    return count;
  }
}
