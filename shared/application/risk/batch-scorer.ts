import type { OrderToScore, ScoreLog, ScoreRecord } from '#shared/domain/risk/ports.ts';
import { assessOrders, type AssessedBatch, type AssessOrdersDeps, type OrderAssessment } from './assess-orders.ts';

export interface BatchScorerDeps extends AssessOrdersDeps {
  /** Records the decision on the order; false when the order already had one (a redelivery): nothing new to log. */
  recordOnOrder: (assessment: OrderAssessment, correlationId: string) => Promise<boolean>;
  log: ScoreLog;
  /** Metrics per model version and variant, alarms on unavailable models. */
  observe: (batch: AssessedBatch) => void;
}

export interface PlacedOrder extends OrderToScore {
  eventId: string;
}

/**
 * The risk worker's batch: `prescore` scores every OrderPlaced of an SQS batch in one vectorised call; `commit` then
 * records one order's decision as the batch spine takes its record (a failure there fails that record only, and its
 * redelivery scores it again). An order the prescore missed (its inputs failed to load) is scored on its own.
 */
export const batchScorer = (deps: BatchScorerDeps) => {
  const prescored = new Map<string, { assessment: OrderAssessment; records: ScoreRecord[] }>();

  const remember = (batch: AssessedBatch) => {
    deps.observe(batch);
    for (const assessment of batch.assessments) {
      prescored.set(assessment.orderId, { assessment, records: batch.records.filter((r) => r.orderId === assessment.orderId) });
    }
  };

  return {
    async prescore(orders: readonly PlacedOrder[]): Promise<void> {
      prescored.clear();
      if (orders.length === 0) return;
      try {
        remember(await assessOrders(deps, orders));
      } catch {
        // Inputs failed to load for some order: each record is scored on its own in commit, and fails alone.
      }
    },

    async commit(order: PlacedOrder, correlationId: string): Promise<OrderAssessment> {
      if (!prescored.has(order.orderId)) remember(await assessOrders(deps, [order]));
      const { assessment, records } = prescored.get(order.orderId)!;
      prescored.delete(order.orderId);
      if (await deps.recordOnOrder(assessment, correlationId)) await deps.log.record(records);
      return assessment;
    },
  };
};
