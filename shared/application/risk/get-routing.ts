import { NotFoundError } from '#shared/domain/errors.ts';
import type { ModelRegistry } from '#shared/domain/risk/ports.ts';
import type { RiskRouting } from '#shared/domain/risk/routing.ts';

/** The routing new orders are scored under (within one cache lifetime). */
export const getRouting = async (deps: { registry: ModelRegistry }): Promise<RiskRouting> => {
  const routing = await deps.registry.getRouting();
  if (!routing) throw new NotFoundError('No routing has been set: publish a model and route it.');
  return routing;
};
