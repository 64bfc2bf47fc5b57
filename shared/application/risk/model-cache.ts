import type { Clock } from '#shared/domain/clock.ts';
import { compileModel, type CompiledModel } from '#shared/domain/risk/inference.ts';
import type { ModelRegistry } from '#shared/domain/risk/ports.ts';
import type { RiskRouting } from '#shared/domain/risk/routing.ts';
import { validateModelDocument } from '#shared/domain/risk/validate-model.ts';

/** A model that can score, or why there is none. */
export type LoadedModel =
  | { ok: true; version: number; model: CompiledModel }
  | { ok: false; version: number; problem: 'missing' | 'invalid' | 'timeout' | 'error' };

export interface ModelCache {
  routing(): Promise<RiskRouting | undefined>;
  model(version: number): Promise<LoadedModel>;
}

export interface ModelCacheOptions {
  /** How long a routing or a model (or its absence) is reused before the registry is read again. */
  ttlMs: number;
  /** A registry read slower than this counts as unavailable. */
  timeoutMs: number;
  clock: Clock;
}

class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

const within = <T>(promise: Promise<T>, ms: number): Promise<T> => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`registry read took over ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};

/**
 * Hot updates without a deploy: routing and compiled models live for `ttlMs` per container, so a routing change or
 * a removed version is seen within one lifetime (the service promises 60 s; the default lifetime is 30 s). Stored
 * documents are validated again on load, so a corrupted item is `invalid`, never a wrong score. Failures are cached
 * for the same lifetime, so an outage costs one slow read per lifetime, not one per order.
 */
export const modelCache = (registry: ModelRegistry, options: ModelCacheOptions): ModelCache => {
  const entries = new Map<string, { until: number; value: Promise<unknown> }>();
  const cached = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    const now = options.clock.now().getTime();
    const hit = entries.get(key);
    if (hit && hit.until > now) return hit.value as Promise<T>;
    const value = load();
    entries.set(key, { until: now + options.ttlMs, value });
    return value;
  };

  const loadModel = async (version: number): Promise<LoadedModel> => {
    try {
      const stored = await within(registry.get(version), options.timeoutMs);
      if (!stored) return { ok: false, version, problem: 'missing' };
      try {
        return { ok: true, version, model: compileModel(validateModelDocument(stored.document)) };
      } catch {
        return { ok: false, version, problem: 'invalid' };
      }
    } catch (error) {
      return { ok: false, version, problem: error instanceof TimeoutError ? 'timeout' : 'error' };
    }
  };

  return {
    // A failed routing read is not cached as "no routing": the next order tries again.
    routing: () =>
      cached('routing', () => within(registry.getRouting(), options.timeoutMs)).catch((error: unknown) => {
        entries.delete('routing');
        throw error;
      }),
    model: (version) => cached(`model#${version}`, () => loadModel(version)),
  };
};
