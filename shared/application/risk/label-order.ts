import { ConflictError, NotFoundError } from '#shared/domain/errors.ts';
import type { AssessedOrderReader, ScoreLog } from '#shared/domain/risk/ports.ts';

/** Records ground truth (e.g. a chargeback) on every score the order got, deciding and shadow, for the report. */
export const labelOrder = async (
  deps: { assessed: AssessedOrderReader; log: ScoreLog },
  input: { orderId: string; fraud: boolean },
): Promise<void> => {
  const keys = await deps.assessed.scoreKeysOf(input.orderId);
  if (!keys) throw new NotFoundError(`Order ${input.orderId} does not exist.`);
  if (keys.length === 0) throw new ConflictError(`Order ${input.orderId} has not been scored by a model yet.`);
  await deps.log.label(keys, input.fraud);
};
