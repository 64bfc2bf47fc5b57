import { describe, expect, it } from 'vitest';
import { NotFoundError, UnprocessableError, ValidationError, ConflictError } from '#shared/domain/errors.ts';
import { InMemoryModelRegistry } from '#shared/domain/risk/testing/in-memory-model-registry.ts';
import { InMemoryRiskInputsReader } from '#shared/domain/risk/testing/in-memory-risk-inputs-reader.ts';
import { InMemoryScoreLog } from '#shared/domain/risk/testing/in-memory-score-log.ts';
import { aModelDocument } from '#shared/domain/risk/testing/model-mother.ts';
import { canonicalJson } from '#shared/domain/risk/model-document.ts';
import { getModel } from './get-model.ts';
import { getRouting } from './get-routing.ts';
import { labelOrder } from './label-order.ts';
import { listModels } from './list-models.ts';
import { modelCache } from './model-cache.ts';
import { publishModel } from './publish-model.ts';
import { riskReport } from './risk-report.ts';
import { scoreOrders } from './score-orders.ts';
import { setRouting } from './set-routing.ts';
import { anOrderToScore, manualClock } from './testing.ts';

const setup = () => {
  const registry = new InMemoryModelRegistry();
  const clock = manualClock();
  return { registry, clock, checksum: (doc: unknown) => `len-${canonicalJson(doc).length}` };
};

describe('publishing and routing models', () => {
  it('publishes a valid document as version 1 with its checksum and time, and serves it back', async () => {
    const deps = setup();
    const document = aModelDocument();

    const summary = await publishModel(deps, JSON.parse(JSON.stringify(document)));

    expect(summary).toEqual({
      version: 1,
      name: 'test-model',
      format: 'logistic-regression/v1',
      checksum: `len-${canonicalJson(document).length}`,
      createdAt: '2026-03-02T14:30:00.000Z',
      metrics: null,
    });
    expect(await listModels(deps)).toEqual({ items: [summary] });
    expect(await getModel(deps, 1)).toEqual(document);
    await expect(getModel(deps, 2)).rejects.toThrow(NotFoundError);
  });

  it('stores nothing for an invalid document', async () => {
    const deps = setup();

    await expect(publishModel(deps, { ...aModelDocument(), thresholds: { review: 0.9, reject: 0.1 } })).rejects.toThrow(ValidationError);
    expect(await listModels(deps)).toEqual({ items: [] });
  });

  it('routes to published versions and refuses unknown ones (422), leaving the routing unchanged', async () => {
    const deps = setup();
    await publishModel(deps, aModelDocument());
    await expect(getRouting(deps)).rejects.toThrow(NotFoundError);
    await setRouting(deps, { champion: 1, challengerShare: 0, mode: 'split' });

    const refused = setRouting(deps, { champion: 1, challenger: 7, challengerShare: 0.2, mode: 'split' });

    await expect(refused).rejects.toThrow(UnprocessableError);
    await expect(refused).rejects.toMatchObject({ issues: [{ path: 'challenger', message: 'version 7 does not exist' }] });
    expect(await getRouting(deps)).toEqual({ champion: 1, challengerShare: 0, mode: 'split' });
  });
});

describe('scoreOrders (admin batch)', () => {
  const arrange = async () => {
    const deps = setup();
    await publishModel(deps, aModelDocument());
    await setRouting(deps, { champion: 1, challengerShare: 0, mode: 'split' });
    const orders = [anOrderToScore('A'), anOrderToScore('B', [[10, 90_000]])];
    const reader = {
      getMany: async (ids: readonly string[]) => new Map(orders.filter((o) => ids.includes(o.orderId)).map((o) => [o.orderId, o])),
    };
    const log = new InMemoryScoreLog();
    return {
      orders,
      log,
      deps: {
        ...deps,
        orders: reader,
        models: modelCache(deps.registry, { ttlMs: 1, timeoutMs: 100, clock: deps.clock }),
        inputs: new InMemoryRiskInputsReader(),
        elapsedMs: () => 0,
      },
    };
  };

  it('scores the orders in one batch and stores nothing', async () => {
    const { deps, orders, log } = await arrange();

    const { items } = await scoreOrders(
      deps,
      orders.map((o) => o.orderId),
    );

    expect(items).toMatchObject([
      { orderId: orders[0]!.orderId, decision: 'approve', modelVersion: 1 },
      { orderId: orders[1]!.orderId, decision: 'reject', modelVersion: 1 },
    ]);
    expect(log.records.size).toBe(0);
  });

  it('refuses unknown orders by position (422)', async () => {
    const { deps, orders } = await arrange();

    await expect(scoreOrders(deps, [orders[0]!.orderId, 'nope'])).rejects.toMatchObject({
      kind: 'unprocessable',
      issues: [{ path: 'items.1.orderId', message: 'order nope does not exist' }],
    });
  });
});

describe('labels and the report', () => {
  it('labels every score of an order and reports precision and recall per version', async () => {
    const deps = setup();
    await publishModel(deps, aModelDocument());
    const log = new InMemoryScoreLog();
    const at = '2026-03-02T10:00:00.000Z';
    const record = (orderId: string, decision: 'approve' | 'review' | 'reject', score: number) => ({
      orderId,
      version: 1,
      variant: 'champion' as const,
      shadow: false,
      score,
      decision,
      latencyUs: 10,
      scoredAt: at,
    });
    await log.record([record('A', 'reject', 0.9), record('B', 'review', 0.5), record('C', 'approve', 0.1), record('D', 'approve', 0.05)]);
    const assessed = {
      scoreKeysOf: async (orderId: string) =>
        orderId === 'X' ? undefined : orderId === 'E' ? [] : [{ version: 1, scoredAt: at, orderId }],
    };

    for (const [orderId, fraud] of [
      ['A', true],
      ['B', false],
      ['C', true],
    ] as const)
      await labelOrder({ assessed, log }, { orderId, fraud });
    await expect(labelOrder({ assessed, log }, { orderId: 'X', fraud: true })).rejects.toThrow(NotFoundError);
    await expect(labelOrder({ assessed, log }, { orderId: 'E', fraud: true })).rejects.toThrow(ConflictError);

    const report = await riskReport({ registry: deps.registry, log }, '2026-03-01T00:00:00.000Z');
    expect(report.items).toEqual([
      expect.objectContaining({
        version: 1,
        scored: 4,
        shadowScored: 0,
        decisions: { approve: 2, review: 1, reject: 1 },
        decisionRates: { approve: 0.5, review: 0.25, reject: 0.25 },
        scoreQuantiles: { p10: 0.05, p50: 0.1, p90: 0.9, p99: 0.9 },
        latencyUs: { p50: 10, p99: 10 },
        labelled: 3,
        precision: 0.5,
        recall: 0.5,
        truncated: false,
      }),
    ]);
  });

  it('reports a version with no records in the window as empty', async () => {
    const deps = setup();
    await publishModel(deps, aModelDocument());

    const report = await riskReport({ registry: deps.registry, log: new InMemoryScoreLog() }, '2026-03-01T00:00:00.000Z');

    expect(report.items[0]).toMatchObject({ scored: 0, scoreQuantiles: null, latencyUs: null, precision: null, recall: null });
  });
});
