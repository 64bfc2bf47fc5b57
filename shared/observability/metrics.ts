import { Console } from 'node:console';
import { isDevMode, shouldUseInvokeStore } from '@aws-lambda-powertools/commons/utils/env';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Dimensions, EmfOutput, MetricResolution, MetricUnit } from '@aws-lambda-powertools/metrics/types';

/** One metric of a blob: name, unit and this time's value. */
export type MetricEntry = readonly [name: string, unit: MetricUnit, value: number];

/**
 * A blob's text cut around its variable parts: `parts[0] + v(slots[0]) + parts[1] + … + v(slots[n-1]) + parts[n]`,
 * where slot -1 is the EMF timestamp and slot i the value of entry i.
 */
interface Template {
  parts: string[];
  slots: number[];
}

/** Shapes kept per container: one per route and status class in practice; beyond this, Powertools serialises every time. */
const MAX_TEMPLATES = 64;

/** A string that JSON cannot produce from a name, a unit or a number, marking where slot `i` goes. */
const marker = (slot: number) => `\u0000${slot + 1}\u0000`;

/**
 * Powertools `Metrics`, plus `publishWith`: one request's blob (a dimension and a few metrics) written from a cached
 * text of the same shape instead of through the store, when nothing else is pending.
 *
 * Powertools serialises a blob from its stores on every flush (copies of every store, sets of dimension names, a
 * key-collision map, a process.env read per store access): about 8 µs of every warm HTTP request, most of the middleware
 * overhead besides the request line. The cached text is the one Powertools itself produced for that shape on the
 * shape's first flush, cut where the timestamp and the values go; it is reused only when that flush printed no warning
 * and nothing has been added since the last flush (no metric, dimension, metadata or timestamp of a use case), and
 * dropped when the default dimensions change. Otherwise `publishWith` is exactly `addDimension`, `addMetric` for each
 * entry and `publishStoredMetrics`, so a use case's own metrics still share the request's blob and dimension.
 * The text goes where Powertools writes EMF (its `setConsole`: the global console under POWERTOOLS_DEV, else a Console
 * of its own on stdout), and nowhere when metrics are disabled.
 * Not on Lambda Managed Instances (AWS_LAMBDA_MAX_CONCURRENCY): there Powertools keeps one store per concurrent
 * invocation, and "nothing pending" is a question per invocation, so `publishWith` is always Powertools' path.
 */
export class OrderlyMetrics extends Metrics {
  readonly #out: Console;
  readonly #warnings: { count: number };
  /** Invocations share this process (Lambda Managed Instances): no reuse. */
  readonly #concurrent = shouldUseInvokeStore();
  /** Nothing has been stored since the last flush (the stores are empty). */
  #pristine = true;
  /** The blob `serializeMetrics` returned during a shape's first flush. */
  #capture: { emf?: EmfOutput } | undefined;
  readonly #templates = new Map<string, Template | false>();

  constructor() {
    const out = isDevMode() ? console : new Console({ stdout: process.stdout, stderr: process.stderr });
    // Powertools' warnings go where they went (its console), counted: a shape whose first flush warned is not cached.
    const warnings = { count: 0 };
    super({
      logger: {
        debug: (...content: unknown[]) => out.debug(...content),
        info: (...content: unknown[]) => out.info(...content),
        warn: (...content: unknown[]) => {
          warnings.count++;
          out.warn(...content);
        },
        error: (...content: unknown[]) => out.error(...content),
      },
    });
    this.#out = out;
    this.#warnings = warnings;
  }

  /** `addDimension(dimension, value)`, `addMetric` for each entry, `publishStoredMetrics()`: the same blob, usually faster. */
  publishWith(dimension: string, value: string, entries: readonly MetricEntry[]): void {
    // The count first: names and units are code's (no NUL), so a value holding NULs cannot pass for another shape.
    let key = `${entries.length}\u0000${dimension}\u0000${value}`;
    for (const [name, unit] of entries) key += `\u0000${name}\u0000${unit}`;
    const template = this.#pristine && !this.#concurrent ? this.#templates.get(key) : false;
    if (template && entries.every(([, , metricValue]) => Number.isFinite(metricValue))) {
      if (!this.isDisabled()) this.#out.log(render(template, entries));
      return;
    }
    const learn = template === undefined && this.#templates.size < MAX_TEMPLATES;
    const warningsBefore = this.#warnings.count;
    this.addDimension(dimension, value);
    for (const [name, unit, metricValue] of entries) this.addMetric(name, unit, metricValue);
    this.#capture = learn ? {} : undefined;
    try {
      this.publishStoredMetrics();
    } finally {
      const emf = this.#capture?.emf;
      this.#capture = undefined;
      if (learn) this.#templates.set(key, this.#warnings.count === warningsBefore && emf !== undefined && templateOf(emf, entries));
    }
  }

  override serializeMetrics(): EmfOutput {
    const emf = super.serializeMetrics();
    if (this.#capture) this.#capture.emf = emf;
    return emf;
  }

  override publishStoredMetrics(): this {
    try {
      return super.publishStoredMetrics();
    } finally {
      this.#pristine = true; // it clears the metrics, dimensions, metadata and timestamp, even when it throws
    }
  }

  override addMetric(name: string, unit: MetricUnit, value: number, resolution?: MetricResolution): this {
    try {
      return super.addMetric(name, unit, value, resolution);
    } finally {
      this.#pristine = false; // after: a full buffer flushes (and marks pristine) before it stores this one
    }
  }

  override addDimension(name: string, value: string): this {
    this.#pristine = false;
    return super.addDimension(name, value);
  }

  override addDimensions(dimensions: Dimensions): this {
    this.#pristine = false;
    return super.addDimensions(dimensions);
  }

  override addMetadata(key: string, value: string): this {
    this.#pristine = false;
    return super.addMetadata(key, value);
  }

  override setTimestamp(timestamp: number | Date): this {
    this.#pristine = false;
    return super.setTimestamp(timestamp);
  }

  override setDefaultDimensions(dimensions: Dimensions): this {
    // Also called by Powertools' constructor, before this class's fields exist.
    if (#templates in this) this.#templates.clear();
    return super.setDefaultDimensions(dimensions);
  }

  override clearDefaultDimensions(): void {
    this.#templates.clear();
    super.clearDefaultDimensions();
  }
}

const render = ({ parts, slots }: Template, entries: readonly MetricEntry[]): string => {
  let text = parts[0] as string;
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i] as number;
    text += `${slot < 0 ? Date.now() : (entries[slot] as MetricEntry)[2]}${parts[i + 1] as string}`;
  }
  return text;
};

/**
 * The blob's JSON with a marker for the timestamp and each entry's value, cut at the markers; false when the blob is not
 * one value per entry (a name given twice is an array of values) or a marker is not found exactly once.
 */
const templateOf = (emf: EmfOutput, entries: readonly MetricEntry[]): Template | false => {
  const probe: Record<string, unknown> = { ...emf, _aws: { ...emf._aws, Timestamp: marker(-1) } };
  for (let i = 0; i < entries.length; i++) {
    const name = (entries[i] as MetricEntry)[0];
    if (typeof probe[name] !== 'number') return false;
    probe[name] = marker(i);
  }
  const text = JSON.stringify(probe);
  const found: { at: number; slot: number; length: number }[] = [];
  for (let slot = -1; slot < entries.length; slot++) {
    const quoted = JSON.stringify(marker(slot));
    const at = text.indexOf(quoted);
    if (at < 0 || text.indexOf(quoted, at + 1) >= 0) return false;
    found.push({ at, slot, length: quoted.length });
  }
  found.sort((a, b) => a.at - b.at);
  const parts: string[] = [];
  let from = 0;
  for (const { at, length } of found) {
    parts.push(text.slice(from, at));
    from = at + length;
  }
  parts.push(text.slice(from));
  return { parts, slots: found.map(({ slot }) => slot) };
};
