import { beforeEach, describe, expect, it } from 'vitest';
import { InMemoryModelRegistry } from '#shared/domain/risk/testing/in-memory-model-registry.ts';
import { InMemoryRiskInputsReader } from '#shared/domain/risk/testing/in-memory-risk-inputs-reader.ts';
import { aModelDocument } from '#shared/domain/risk/testing/model-mother.ts';
import type { RiskRouting } from '#shared/domain/risk/routing.ts';
import { assessOrders } from './assess-orders.ts';
import { modelCache } from './model-cache.ts';
import { anOrderToScore, manualClock } from './testing.ts';

const meta = { checksum: 'x', createdAt: '2026-03-01T00:00:00.000Z' };
let registry: InMemoryModelRegistry;
let inputs: InMemoryRiskInputsReader;
const deps = () => ({
  models: modelCache(registry, { ttlMs: 1_000, timeoutMs: 100, clock: manualClock() }),
  inputs,
  clock: manualClock(),
  elapsedMs: () => performance.now(),
});
const route = (routing: Partial<RiskRouting>) => registry.putRouting({ champion: 1, challengerShare: 0, mode: 'split', ...routing });

beforeEach(async () => {
  registry = new InMemoryModelRegistry();
  inputs = new InMemoryRiskInputsReader();
  await registry.publish(aModelDocument({ thresholds: { review: 0.3, reject: 0.8 } }), meta);
  await registry.publish(aModelDocument({ thresholds: { review: 0.01, reject: 0.02 } }), meta);
});

describe('assessOrders', () => {
  it('approves a small order and rejects many high-value units, with version, variant and reasons', async () => {
    await route({});
    const { assessments, records } = await assessOrders(deps(), [anOrderToScore('A'), anOrderToScore('B', [[10, 90_000]])]);

    expect(assessments).toMatchObject([
      { decision: 'approve', modelVersion: 1, variant: 'champion' },
      { decision: 'reject', modelVersion: 1, variant: 'champion', reasons: ['highValueShare', 'meanQuantityPerLine', 'logAccountAgeDays'] },
    ]);
    expect(records).toHaveLength(2);
    expect(records.every((r) => r.version === 1 && !r.shadow)).toBe(true);
  });

  it('in split, lets the challenger decide for its customers only', async () => {
    await route({ challenger: 2, challengerShare: 0.5 });
    const orders = Array.from({ length: 40 }, (_, i) => anOrderToScore(`CUST-${i}`));
    const { assessments } = await assessOrders(deps(), orders);
    const challenged = assessments.filter((a) => a.variant === 'challenger');

    expect(challenged.length).toBeGreaterThan(5);
    expect(challenged.every((a) => a.modelVersion === 2 && a.decision !== 'approve')).toBe(true);
    expect(assessments.filter((a) => a.variant === 'champion').every((a) => a.modelVersion === 1 && a.decision === 'approve')).toBe(true);
  });

  it('in shadow, records both scores and lets only the champion decide', async () => {
    await route({ challenger: 2, mode: 'shadow' });
    const { assessments, records } = await assessOrders(deps(), [anOrderToScore('A')]);

    expect(assessments[0]).toMatchObject({
      decision: 'approve',
      modelVersion: 1,
      variant: 'champion',
      shadow: { modelVersion: 2, decision: 'reject' },
    });
    expect(assessments[0]!.shadow!.score).toBe(assessments[0]!.score);
    expect(records.map((r) => [r.version, r.shadow])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it.each([
    ['no routing', async () => undefined, 'no_routing', null],
    [
      'a routed version whose item was removed',
      async () => {
        await route({});
        registry.remove(1);
      },
      'missing',
      1,
    ],
  ])('reviews with model_unavailable when there is %s, never approves', async (_case, arrange, problem, version) => {
    await arrange();
    const { assessments, records, unavailable } = await assessOrders(deps(), [anOrderToScore('A'), anOrderToScore('B')]);

    expect(
      assessments.every(
        (a) => a.decision === 'review' && a.reasons[0] === 'model_unavailable' && a.score === null && a.unavailable === problem,
      ),
    ).toBe(true);
    expect(assessments[0]!.modelVersion).toBe(version);
    expect(records).toEqual([]);
    expect(unavailable).toEqual([{ version, problem }]);
  });

  it('reads the inputs once per order and lets a read failure propagate for a retry', async () => {
    await route({});
    await assessOrders(deps(), [anOrderToScore(), anOrderToScore(), anOrderToScore()]);
    expect(inputs.reads).toBe(3);

    inputs.failWith = new Error('throttled');
    await expect(assessOrders(deps(), [anOrderToScore()])).rejects.toThrow('throttled');
  });
});
