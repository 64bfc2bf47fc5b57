import type { Clock } from '#shared/domain/clock.ts';
import type { ModelRegistry, ModelSummary } from '#shared/domain/risk/ports.ts';
import { validateModelDocument } from '#shared/domain/risk/validate-model.ts';
import type { RiskModelDocument } from '#shared/domain/risk/model-document.ts';

export interface PublishModelDeps {
  registry: ModelRegistry;
  /** sha256 hex of the document's canonical JSON. */
  checksum: (document: RiskModelDocument) => string;
  clock: Clock;
}

/** Validates a submitted document (schema, known features, thresholds, golden cases) and stores it as a new version. */
export const publishModel = async (deps: PublishModelDeps, input: unknown): Promise<ModelSummary> => {
  const document = validateModelDocument(input);
  return deps.registry.publish(document, { checksum: deps.checksum(document), createdAt: deps.clock.now().toISOString() });
};
