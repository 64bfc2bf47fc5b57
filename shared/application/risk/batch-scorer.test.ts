import { describe, expect, it } from 'vitest';
import { InMemoryModelRegistry } from '#shared/domain/risk/testing/in-memory-model-registry.ts';
import { InMemoryRiskInputsReader } from '#shared/domain/risk/testing/in-memory-risk-inputs-reader.ts';
import { InMemoryScoreLog } from '#shared/domain/risk/testing/in-memory-score-log.ts';
import { aModelDocument } from '#shared/domain/risk/testing/model-mother.ts';
import type { AssessedBatch, OrderAssessment } from './assess-orders.ts';
import { batchScorer } from './batch-scorer.ts';
import { modelCache } from './model-cache.ts';
import { anOrderToScore, manualClock } from './testing.ts';

const setup = async () => {
  const registry = new InMemoryModelRegistry();
  await registry.publish(aModelDocument(), { checksum: 'x', createdAt: '2026-03-01T00:00:00.000Z' });
  await registry.putRouting({ champion: 1, challengerShare: 0, mode: 'split' });
  const inputs = new InMemoryRiskInputsReader();
  const log = new InMemoryScoreLog();
  const recorded = new Map<string, OrderAssessment>();
  const batches: AssessedBatch[] = [];
  const scorer = batchScorer({
    models: modelCache(registry, { ttlMs: 1_000, timeoutMs: 100, clock: manualClock() }),
    inputs,
    clock: manualClock(),
    elapsedMs: () => performance.now(),
    log,
    recordOnOrder: async (assessment) => {
      if (recorded.has(assessment.orderId)) return false;
      recorded.set(assessment.orderId, assessment);
      return true;
    },
    observe: (batch) => batches.push(batch),
  });
  const orders = [anOrderToScore('A'), anOrderToScore('B', [[10, 90_000]]), anOrderToScore('C')].map((o, i) => ({
    ...o,
    eventId: `E${i}`,
  }));
  return { inputs, log, recorded, batches, scorer, orders };
};

describe('batchScorer', () => {
  it('scores the whole batch in one call, then records each order and logs its score once', async () => {
    const { inputs, log, recorded, batches, scorer, orders } = await setup();

    await scorer.prescore(orders);
    for (const order of orders) await scorer.commit(order, 'corr');

    expect(batches).toHaveLength(1);
    expect(inputs.reads).toBe(3);
    expect([...recorded.values()].map((a) => a.decision)).toEqual(['approve', 'reject', 'approve']);
    expect(log.records.size).toBe(3);
  });

  it('scores an order on its own when the prescore could not, and logs nothing for a redelivered order', async () => {
    const { inputs, log, batches, scorer, orders } = await setup();
    inputs.failWith = new Error('throttled');
    await scorer.prescore(orders);
    inputs.failWith = undefined;

    await scorer.commit(orders[0]!, 'corr');
    await scorer.commit(orders[0]!, 'corr');

    expect(batches).toHaveLength(2);
    expect(log.records.size).toBe(1);
  });
});
