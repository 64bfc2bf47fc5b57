import { NotFoundError } from '#shared/domain/errors.ts';
import type { RiskModelDocument } from '#shared/domain/risk/model-document.ts';
import type { ModelRegistry } from '#shared/domain/risk/ports.ts';

/** The stored document of one version, as it was published. */
export const getModel = async (deps: { registry: ModelRegistry }, version: number): Promise<RiskModelDocument> => {
  const stored = await deps.registry.get(version);
  if (!stored) throw new NotFoundError(`Model version ${version} does not exist.`);
  return stored.document;
};
