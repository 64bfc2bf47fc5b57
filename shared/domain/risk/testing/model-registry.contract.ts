import { describe, expect, it } from 'vitest';
import type { ModelRegistry } from '../ports.ts';
import { aModelDocument } from './model-mother.ts';

const meta = (n: number) => ({ checksum: `sha-${n}`, createdAt: `2026-03-0${n}T00:00:00.000Z` });

/** The ModelRegistry contract: the in-memory fake and the DynamoDB adapter both pass it. Each test gets a fresh registry. */
export const describeModelRegistryContract = (name: string, makeRegistry: () => ModelRegistry) =>
  describe(`${name} honours the ModelRegistry contract`, () => {
    it('numbers versions 1, 2, ... and lists them in order without their documents', async () => {
      const registry = makeRegistry();

      const first = await registry.publish(aModelDocument({ name: 'first' }), meta(1));
      const second = await registry.publish(aModelDocument({ name: 'second' }), meta(2));

      expect([first.version, second.version]).toEqual([1, 2]);
      expect(await registry.list()).toEqual([
        { version: 1, name: 'first', format: 'logistic-regression/v1', checksum: 'sha-1', createdAt: meta(1).createdAt, metrics: null },
        { version: 2, name: 'second', format: 'logistic-regression/v1', checksum: 'sha-2', createdAt: meta(2).createdAt, metrics: null },
      ]);
    });

    it('returns the stored document as published, and nothing for an unknown version', async () => {
      const registry = makeRegistry();
      const document = aModelDocument();
      await registry.publish(document, meta(1));

      expect((await registry.get(1))?.document).toEqual(document);
      expect(await registry.get(2)).toBeUndefined();
    });

    it('gives concurrent publishes distinct versions, overwriting none', async () => {
      const registry = makeRegistry();

      const published = await Promise.all([1, 2, 3, 4, 5].map((n) => registry.publish(aModelDocument({ name: `m${n}` }), meta(n))));

      expect(published.map((p) => p.version).sort()).toEqual([1, 2, 3, 4, 5]);
      for (const p of published) expect((await registry.get(p.version))?.name).toBe(p.name);
    });

    it('has no routing until one is put, then returns the last one put', async () => {
      const registry = makeRegistry();
      expect(await registry.getRouting()).toBeUndefined();

      await registry.putRouting({ champion: 1, challengerShare: 0, mode: 'split' });
      await registry.putRouting({ champion: 2, challenger: 1, challengerShare: 0.3, mode: 'shadow' });

      expect(await registry.getRouting()).toEqual({ champion: 2, challenger: 1, challengerShare: 0.3, mode: 'shadow' });
    });
  });
