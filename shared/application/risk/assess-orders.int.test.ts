import { readFileSync } from 'node:fs';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { systemClock } from '#shared/domain/clock.ts';
import { InMemoryRiskInputsReader } from '#shared/domain/risk/testing/in-memory-risk-inputs-reader.ts';
import { dynamoModelRegistry } from '#shared/infrastructure/risk/dynamo-model-registry.ts';
import { sha256Checksum } from '#shared/infrastructure/risk/sha256-checksum.ts';
import { localDynamo } from '../../../tests/support/integration.ts';
import { assessOrders } from './assess-orders.ts';
import { modelCache } from './model-cache.ts';
import { publishModel } from './publish-model.ts';
import { setRouting } from './set-routing.ts';
import { anOrderToScore } from './testing.ts';

// A/B over the real registry in DynamoDB Local, through the same cache and use case the risk worker runs. 400
// customers here rather than 400 HTTP orders in the e2e suite: routing depends on the customer id and the routing
// item only, so this is the same proof at a fraction of the suite time (the e2e suite proves the wiring with shadow).
const document = JSON.parse(readFileSync(new URL('../../../models/risk-default.json', import.meta.url), 'utf8'));
const CUSTOMERS = Array.from({ length: 400 }, () => ulid());

describe('A/B routing over the registry in DynamoDB Local', () => {
  it('gives the challenger 0.3 ± 0.06 of 400 customers, each customer always the same variant', async () => {
    const registry = dynamoModelRegistry({ ...localDynamo(), registry: `ab-${ulid()}` });
    const deps = { registry, checksum: sha256Checksum, clock: systemClock };
    const champion = await publishModel(deps, document);
    const challenger = await publishModel(deps, { ...document, name: 'challenger' });
    await setRouting(deps, { champion: champion.version, challenger: challenger.version, challengerShare: 0.3, mode: 'split' });
    const worker = () => ({
      models: modelCache(registry, { ttlMs: 30_000, timeoutMs: 2_000, clock: systemClock }),
      inputs: new InMemoryRiskInputsReader(),
      clock: systemClock,
      elapsedMs: () => performance.now(),
    });

    // Two containers, batches of ten as the queue delivers them, each customer ordering twice.
    const variants = async () => {
      const scorer = worker();
      const out: string[] = [];
      for (let start = 0; start < CUSTOMERS.length; start += 10) {
        const { assessments } = await assessOrders(
          scorer,
          CUSTOMERS.slice(start, start + 10).map((customer) => anOrderToScore(customer)),
        );
        out.push(...assessments.map((a) => `${a.variant}:${a.modelVersion}`));
      }
      return out;
    };
    const first = await variants();
    const second = await variants();
    const share = first.filter((v) => v === `challenger:${challenger.version}`).length / CUSTOMERS.length;

    expect(share).toBeGreaterThanOrEqual(0.24);
    expect(share).toBeLessThanOrEqual(0.36);
    expect(second).toEqual(first);
    expect(new Set(first)).toEqual(new Set([`champion:${champion.version}`, `challenger:${challenger.version}`]));
  }, 60_000);
});
