import type { RiskModelDocument } from '../model-document.ts';
import type { ModelRegistry, ModelSummary, StoredModel } from '../ports.ts';
import type { RiskRouting } from '../routing.ts';

/** The registry in memory, for unit tests. `remove` stands in for an item deleted behind the service's back. */
export class InMemoryModelRegistry implements ModelRegistry {
  private readonly models = new Map<number, StoredModel>();
  private routing: RiskRouting | undefined;

  async publish(document: RiskModelDocument, meta: { checksum: string; createdAt: string }): Promise<ModelSummary> {
    const version = Math.max(0, ...this.models.keys()) + 1;
    const stored: StoredModel = {
      version,
      name: document.name,
      format: document.format,
      checksum: meta.checksum,
      createdAt: meta.createdAt,
      metrics: document.metrics ?? null,
      document: structuredClone(document),
    };
    this.models.set(version, stored);
    const { document: _document, ...summary } = stored;
    return summary;
  }

  async list(): Promise<ModelSummary[]> {
    return [...this.models.values()].sort((a, b) => a.version - b.version).map(({ document: _document, ...summary }) => summary);
  }

  async get(version: number): Promise<StoredModel | undefined> {
    const stored = this.models.get(version);
    return stored && structuredClone(stored);
  }

  async getRouting(): Promise<RiskRouting | undefined> {
    return this.routing && { ...this.routing };
  }

  async putRouting(routing: RiskRouting): Promise<void> {
    this.routing = { ...routing };
  }

  remove(version: number): void {
    this.models.delete(version);
  }
}
