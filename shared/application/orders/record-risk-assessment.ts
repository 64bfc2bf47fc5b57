import type { OrderAssessment } from '#shared/application/risk/assess-orders.ts';
import { recordRiskAssessment as decide } from '#shared/domain/orders/risk.ts';
import type { OrderDeps } from './order-deps.ts';
import { runOrderCommand } from './run-order-command.ts';

/** Records the risk step's decision on the order (a rejection cancels it); false when it already had one. */
export const recordRiskAssessment = async (
  deps: Pick<OrderDeps, 'orders' | 'clock' | 'newId' | 'retry'>,
  { orderId, decision, score, modelVersion, variant, reasons, scoredAt, shadow }: OrderAssessment,
  correlationId: string,
): Promise<boolean> => {
  let appended = false;
  const risk = { decision, score, modelVersion, variant, reasons, scoredAt, ...(shadow ? { shadow } : {}) };
  await runOrderCommand(deps, { orderId, correlationId }, (order, meta) => {
    const events = decide(order, { risk, meta, cancelEventId: deps.newId() });
    appended = events.length > 0;
    return events;
  });
  return appended;
};
