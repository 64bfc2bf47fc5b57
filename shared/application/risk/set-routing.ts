import { UnprocessableError, type FieldIssue } from '#shared/domain/errors.ts';
import type { ModelRegistry } from '#shared/domain/risk/ports.ts';
import type { RiskRouting } from '#shared/domain/risk/routing.ts';

/** Points new orders at published versions: promotion and rollback are this one call. Unknown versions are 422. */
export const setRouting = async (deps: { registry: ModelRegistry }, routing: RiskRouting): Promise<RiskRouting> => {
  const named = [
    ['champion', routing.champion],
    ['challenger', routing.challenger],
  ] as const;
  const missing: FieldIssue[] = [];
  for (const [path, version] of named) {
    if (version !== undefined && !(await deps.registry.get(version))) missing.push({ path, message: `version ${version} does not exist` });
  }
  if (missing.length > 0) throw new UnprocessableError('The routing names a model version that does not exist.', { issues: missing });
  await deps.registry.putRouting(routing);
  return routing;
};
