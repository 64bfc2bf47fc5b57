import { describe, expect, it } from 'vitest';
import { InMemoryModelRegistry } from '#shared/domain/risk/testing/in-memory-model-registry.ts';
import { aModelDocument } from '#shared/domain/risk/testing/model-mother.ts';
import { modelCache } from './model-cache.ts';
import { manualClock } from './testing.ts';

const meta = { checksum: 'x', createdAt: '2026-03-01T00:00:00.000Z' };
const setup = async () => {
  const registry = new InMemoryModelRegistry();
  await registry.publish(aModelDocument(), meta);
  await registry.putRouting({ champion: 1, challengerShare: 0, mode: 'split' });
  const clock = manualClock();
  return { registry, clock, cache: modelCache(registry, { ttlMs: 30_000, timeoutMs: 50, clock }) };
};

describe('modelCache', () => {
  it('reuses the routing for one lifetime and reads it again after', async () => {
    const { registry, clock, cache } = await setup();
    await cache.routing();
    await registry.putRouting({ champion: 2, challengerShare: 0, mode: 'split' });

    expect((await cache.routing())?.champion).toBe(1);
    clock.advance(30_001);
    expect((await cache.routing())?.champion).toBe(2);
  });

  it('notices a removed version after one lifetime', async () => {
    const { registry, clock, cache } = await setup();
    expect((await cache.model(1)).ok).toBe(true);

    registry.remove(1);
    expect((await cache.model(1)).ok).toBe(true);
    clock.advance(30_001);
    expect(await cache.model(1)).toEqual({ ok: false, version: 1, problem: 'missing' });
  });

  it('treats a stored document that no longer validates as invalid', async () => {
    const { registry, cache } = await setup();
    const stored = (await registry.get(1))!;
    registry.get = async () => ({ ...stored, document: { ...stored.document, thresholds: { review: 0.9, reject: 0.1 } } });

    expect(await cache.model(1)).toEqual({ ok: false, version: 1, problem: 'invalid' });
  });

  it('gives up on a registry slower than the timeout', async () => {
    const { registry, cache } = await setup();
    registry.get = () => new Promise(() => undefined);

    expect(await cache.model(1)).toEqual({ ok: false, version: 1, problem: 'timeout' });
  });

  it('does not cache a failed routing read', async () => {
    const { registry, cache } = await setup();
    const real = registry.getRouting.bind(registry);
    registry.getRouting = async () => {
      throw new Error('throttled');
    };
    await expect(cache.routing()).rejects.toThrow('throttled');

    registry.getRouting = real;
    expect((await cache.routing())?.champion).toBe(1);
  });
});
