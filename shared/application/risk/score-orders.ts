import { UnprocessableError } from '#shared/domain/errors.ts';
import type { RiskDecision } from '#shared/domain/risk/model-document.ts';
import type { OrdersToScoreReader } from '#shared/domain/risk/ports.ts';
import { assessOrders, type AssessOrdersDeps } from './assess-orders.ts';

export const MAX_SCORE_BATCH = 100;

export interface ScoredItem {
  orderId: string;
  score: number | null;
  decision: RiskDecision;
  modelVersion: number | null;
  reasons: string[];
}

/** Scores up to 100 existing orders under the current routing, in one batch, storing nothing. Unknown ids are 422. */
export const scoreOrders = async (
  deps: AssessOrdersDeps & { orders: OrdersToScoreReader },
  orderIds: readonly string[],
): Promise<{ items: ScoredItem[] }> => {
  const found = await deps.orders.getMany(orderIds);
  const issues = orderIds.flatMap((orderId, index) =>
    found.has(orderId) ? [] : [{ path: `items.${index}.orderId`, message: `order ${orderId} does not exist` }],
  );
  if (issues.length > 0) throw new UnprocessableError('Some orders do not exist.', { issues });
  const { assessments } = await assessOrders(
    deps,
    orderIds.map((orderId) => found.get(orderId)!),
  );
  return {
    items: assessments.map(({ orderId, score, decision, modelVersion, reasons }) => ({ orderId, score, decision, modelVersion, reasons })),
  };
};
