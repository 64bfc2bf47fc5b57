import type { ModelRegistry, ModelSummary } from '#shared/domain/risk/ports.ts';

/** Every published version, oldest first, without the documents. */
export const listModels = async (deps: { registry: ModelRegistry }): Promise<{ items: ModelSummary[] }> => ({
  items: await deps.registry.list(),
});
