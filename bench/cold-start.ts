import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BARE_CLIENT, type BundleTarget } from './bundles.ts';
import { BUILD_DIR, childEnv, NODE_BIN, ROOT, type ServiceConfig } from './config.ts';
import { percentileSorted, q, sortedCopy, summarize, type Summary } from './stats.ts';
import { loadNote } from './machine.ts';
import { fmt, renderTable, verdict } from './table.ts';

export const RATIO_TARGET = 1.25; // issue 13
const TIMEOUT_MS = 20_000;
/**
 * In a measured round the bare client is sampled before the first bundle, after every BARE_EVERY bundles and after
 * the last, so every bundle's sample has a bare-client sample at most this many spawns before and after it.
 * About 20% more spawns than one bare sample a round (57 other bundles: 12 extra).
 */
export const BARE_EVERY = 5;

// Runs in the fresh process: import the bundle, report how long the import itself took and the CPU the whole
// process used so far (all threads, boot included; less sensitive than wall time to a busy machine), then exit
// without waiting for open handles.
const RUNNER = [
  'const t0 = performance.now();',
  'await import(process.argv[1]);',
  'const importMs = performance.now() - t0;',
  'const { user, system } = process.cpuUsage();',
  'process.stdout.write(JSON.stringify({ importMs, cpuMs: (user + system) / 1000 }));',
  'process.exit(0);',
].join(' ');

interface Run {
  wallMs: number;
  importMs: number;
  cpuMs: number;
  ok: boolean;
  code: number | null;
  stderr: string;
}

const runOnce = (file: string, env: Record<string, string>): Promise<Run> =>
  new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const child = spawn(NODE_BIN, ['--input-type=module', '-e', RUNNER, pathToFileURL(file).href], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('exit', (code) => {
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      clearTimeout(timer);
      // 'close' follows once the pipes drain; stdout is a few bytes, so wait for it before resolving.
      child.on('close', () => {
        let parsed = { importMs: Number.NaN, cpuMs: Number.NaN };
        try {
          parsed = JSON.parse(stdout) as typeof parsed;
        } catch {
          // a failed import prints nothing; reported through ok/stderr
        }
        resolve({ wallMs, ...parsed, ok: code === 0 && Number.isFinite(parsed.importMs), code, stderr });
      });
    });
  });

export interface ColdStartResult {
  name: string;
  failed?: { code: number | null; stderr: string };
  wall?: Summary;
  importOnly?: Summary;
  cpu?: Summary;
  /** Per sample: its wall over the wall of the bare-client sample taken just before it, and over the one just after it (absent for the bare client). */
  pairRatio?: [number, number][];
  /** The same on CPU time. */
  cpuPairRatio?: [number, number][];
}

/**
 * Fresh Node 22 process per sample, spawn → exit, round-robin across bundles so drift and noise spread evenly.
 * One discarded round first warms the page cache. A bundle that fails to import is reported and dropped from the rotation.
 * In the measured rounds the bare client (the denominator of every ratio) is sampled every BARE_EVERY bundles, and each
 * other sample is paired with each of the two bare-client samples on either side of it (see bench/README.md, "Cold-start ratio").
 */
export interface RunPlan {
  /** Fixed number of measured rounds; when absent, derived from the budget. */
  runs?: number;
  minRuns: number;
  maxRuns: number;
  budgetMs: number;
}

export const measureColdStarts = async (
  service: ServiceConfig,
  bundles: BundleTarget[],
  plan: RunPlan,
): Promise<{ results: ColdStartResult[]; runs: number }> => {
  const state = bundles.map((b) => ({
    bundle: b,
    env: childEnv(service, b.fn),
    wall: [] as number[],
    imp: [] as number[],
    cpu: [] as number[],
    ratio: [] as [number, number][],
    cpuRatio: [] as [number, number][],
    failed: undefined as Run | undefined,
  }));
  type State = (typeof state)[number];
  const bare = state.find((s) => s.bundle.name === BARE_CLIENT);
  const others = state.filter((s) => s !== bare);

  const sample = async (s: State, keep: boolean): Promise<Run | undefined> => {
    if (s.failed) return undefined;
    const run = await runOnce(s.bundle.outfile, s.env);
    if (!run.ok) {
      s.failed = run;
      return undefined;
    }
    if (keep) {
      record(s, run);
      s.wall.push(run.wallMs);
      s.imp.push(run.importMs);
      s.cpu.push(run.cpuMs);
    }
    return run;
  };

  // The bare-client sample before the bundles measured since; each of those is paired when the next one is taken.
  let lastBare: Run | undefined;
  let pending: { s: State; run: Run }[] = [];
  const sampleBare = async () => {
    const run = bare ? await sample(bare, true) : undefined;
    if (run && lastBare)
      for (const p of pending) {
        p.s.ratio.push([p.run.wallMs / lastBare.wallMs, p.run.wallMs / run.wallMs]);
        p.s.cpuRatio.push([p.run.cpuMs / lastBare.cpuMs, p.run.cpuMs / run.cpuMs]);
      }
    pending = [];
    lastBare = run;
  };

  // Every measured sample in the order taken, written beside the bundles for a look at the raw figures.
  const sequence: { round: number; name: string; wallMs: number; cpuMs: number }[] = [];
  let currentRound = -1;
  const record = (s: State, run: Run) => sequence.push({ round: currentRound, name: s.bundle.name, wallMs: run.wallMs, cpuMs: run.cpuMs });

  let runs = plan.runs ?? plan.maxRuns;
  for (let round = -1; round < runs; round++) {
    currentRound = round;
    const roundStart = performance.now();
    if (round === -1) {
      // Warm-up: every bundle once, page cache and all; nothing kept.
      for (const s of state) await sample(s, false);
      // The discarded round sizes the rest: as many rounds as fit the budget, within [minRuns, maxRuns]. A measured
      // round also takes the extra bare-client samples.
      if (plan.runs === undefined) {
        const perSpawn = (performance.now() - roundStart) / Math.max(state.length, 1);
        const perRound = perSpawn * (state.length + (bare ? Math.ceil(others.length / BARE_EVERY) : 0));
        runs = Math.max(plan.minRuns, Math.min(plan.maxRuns, Math.floor(plan.budgetMs / Math.max(perRound, 1))));
      }
      continue;
    }
    // Alternate direction each round, so no bundle always follows the same neighbour.
    const order = round % 2 === 0 ? others : [...others].reverse();
    if (!lastBare) await sampleBare(); // the first round opens with one; later rounds reuse the previous round's last
    let sinceBare = 0;
    for (const s of order) {
      const run = await sample(s, true);
      if (run) {
        pending.push({ s, run });
        sinceBare++;
      }
      if (sinceBare === BARE_EVERY) {
        await sampleBare();
        sinceBare = 0;
      }
    }
    if (sinceBare > 0) await sampleBare();
  }
  writeFileSync(path.join(BUILD_DIR, 'cold-start-samples.json'), `${JSON.stringify({ bareEvery: BARE_EVERY, sequence })}\n`);
  const results = state.map((s): ColdStartResult =>
    s.failed
      ? { name: s.bundle.name, failed: { code: s.failed.code, stderr: s.failed.stderr } }
      : {
          name: s.bundle.name,
          wall: summarize(s.wall),
          importOnly: summarize(s.imp),
          cpu: summarize(s.cpu),
          ...(s !== bare && s.ratio.length > 0 ? { pairRatio: s.ratio, cpuPairRatio: s.cpuRatio } : {}),
        },
  );
  return { results, runs };
};

/** The median of every ratio of every sample (each sample gives two: over the bare sample before it and after it). */
export const pairedRatio = (pairs: readonly (readonly number[])[]): number => percentileSorted(sortedCopy(pairs.flat()), 50);

/**
 * A 95% interval for `pairedRatio`: a bootstrap over the bundle's samples (each resampled with both its ratios, which
 * share its wall time), 2,000 resamples, the 2.5th and 97.5th percentiles. Seeded, so a run's figures reproduce from
 * its samples.
 */
export const pairedRatioInterval = (pairs: readonly (readonly number[])[], resamples = 2000): [number, number] => {
  if (pairs.length === 0) return [Number.NaN, Number.NaN];
  let seed = 0x9e3779b9;
  const random = () => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const medians = new Float64Array(resamples);
  for (let i = 0; i < resamples; i++) {
    const drawn = Array.from({ length: pairs.length }, () => pairs[Math.floor(random() * pairs.length)] as readonly number[]);
    medians[i] = pairedRatio(drawn);
  }
  medians.sort();
  return [percentileSorted(medians, 2.5), percentileSorted(medians, 97.5)];
};

export const reportColdStarts = (results: ColdStartResult[], bundles: BundleTarget[], runs: number) => {
  const bareResult = results.find((r) => r.name === BARE_CLIENT);
  const bare = bareResult?.wall?.p50;
  const bareCpu = bareResult?.cpu?.p50;
  const kindOf = (name: string) => bundles.find((b) => b.name === name)?.kind;
  /** The older figure, kept beside the target's: this bundle's wall p50 over the bare client's wall p50 over the run. */
  const ratioOfP50s = (r: ColdStartResult) => (r.wall && bare ? r.wall.p50 / bare : undefined);
  const cpuRatioOfP50s = (r: ColdStartResult) => (r.cpu && bareCpu ? r.cpu.p50 / bareCpu : undefined);
  const pairs = new Map(results.map((r) => [r.name, r.pairRatio?.length ? { wall: r.pairRatio, cpu: r.cpuPairRatio ?? [] } : undefined]));
  /** The target's figure: the median of the bundle's paired ratios (the bare client is 1 by definition). */
  const ratioOf = (r: ColdStartResult): number | undefined => {
    if (r.name === BARE_CLIENT) return r.wall ? 1 : undefined;
    const p = pairs.get(r.name);
    return p ? pairedRatio(p.wall) : ratioOfP50s(r);
  };
  const cpuRatioOf = (r: ColdStartResult): number | undefined => {
    if (r.name === BARE_CLIENT) return r.cpu ? 1 : undefined;
    const p = pairs.get(r.name);
    return p?.cpu.length ? pairedRatio(p.cpu) : cpuRatioOfP50s(r);
  };
  const intervalOf = (r: ColdStartResult) => {
    const p = pairs.get(r.name);
    return p ? pairedRatioInterval(p.wall) : undefined;
  };
  const rows = results.map((r) => {
    if (!r.wall || !r.importOnly || !r.cpu)
      return [r.name, 'FAILED', '-', '-', '-', '-', '-', '-', kindOf(r.name) === 'function' ? 'MISS (import failed)' : ''];
    const ratio = ratioOf(r);
    const cpuRatio = cpuRatioOf(r);
    const interval = intervalOf(r);
    return [
      r.name,
      fmt(r.wall.p50),
      fmt(r.wall.p90),
      fmt(r.importOnly.p50),
      fmt(r.cpu.p50),
      ratio === undefined ? '-' : `${fmt(ratio, 2)}x`,
      interval ? `${fmt(interval[0], 2)}-${fmt(interval[1], 2)}` : '-',
      cpuRatio === undefined ? '-' : `${fmt(cpuRatio, 2)}x`,
      kindOf(r.name) === 'function' ? `${verdict(ratio === undefined ? undefined : ratio <= RATIO_TARGET)} (<= ${RATIO_TARGET}x)` : '',
    ];
  });
  const failures = results.filter((r) => r.failed);
  const bareSamples = bareResult?.wall?.n ?? 0;
  const notes = [
    `${runs} fresh processes per bundle, round-robin, the bare client ${bareSamples} (before the first bundle and after every ${BARE_EVERY}) ` +
      `(${process.release.name} ${process.version} at ${NODE_BIN.replace(ROOT + '/', '')}).`,
    'wall = spawn to exit of `node -e "await import(bundle)"`; import = the import() alone, timed inside the child.',
    'cpu = user+sys CPU of the child, all threads, boot included.',
    "vs bare (the target) = median of the bundle's paired ratios: each sample's wall over the bare client's just before it, and over",
    "the one just after it; 95% CI = bootstrap over the bundle's samples; (cpu) = the same on cpu. See bench/README.md.",
    ...loadNote(),
  ];
  const tables = [
    renderTable(
      'Cold-start proxy (ms)',
      ['bundle', 'wall p50', 'wall p90', 'import p50', 'cpu p50', 'vs bare', '95% CI', '(cpu)', 'target'],
      rows,
      notes,
    ),
    ...failures.map((f) => `!! ${f.name} failed to import (exit ${f.failed?.code}):\n${(f.failed?.stderr ?? '').trim()}`),
  ];
  const perBundle: Record<string, unknown> = {};
  for (const r of results) {
    const ratio = ratioOf(r);
    const interval = intervalOf(r);
    // `kind` lets bench:check tell functions from baselines (it skipped every cold-start figure without it).
    perBundle[r.name] = r.failed
      ? { kind: kindOf(r.name), failed: true, exitCode: r.failed.code, stderr: r.failed.stderr }
      : {
          kind: kindOf(r.name),
          runs: r.wall?.n,
          wall: {
            p50: q(r.wall?.p50 ?? NaN, 'ms', 2),
            p90: q(r.wall?.p90 ?? NaN, 'ms', 2),
            min: q(r.wall?.min ?? NaN, 'ms', 2),
            max: q(r.wall?.max ?? NaN, 'ms', 2),
            mean: q(r.wall?.mean ?? NaN, 'ms', 2),
          },
          importOnly: { p50: q(r.importOnly?.p50 ?? NaN, 'ms', 2), p90: q(r.importOnly?.p90 ?? NaN, 'ms', 2) },
          cpu: { p50: q(r.cpu?.p50 ?? NaN, 'ms', 2), p90: q(r.cpu?.p90 ?? NaN, 'ms', 2) },
          ratioToBareClient: ratio === undefined ? null : q(ratio, 'x'),
          ...(interval ? { ratioInterval95: [q(interval[0], 'x'), q(interval[1], 'x')], samples: pairs.get(r.name)?.wall.length } : {}),
          ratioOfP50s: ratioOfP50s(r) === undefined ? null : q(ratioOfP50s(r) ?? NaN, 'x'),
          cpuRatioToBareClient: cpuRatioOf(r) === undefined ? null : q(cpuRatioOf(r) ?? NaN, 'x'),
          ...(kindOf(r.name) === 'function' ? { pass: ratio !== undefined && ratio <= RATIO_TARGET } : {}),
        };
  }
  const misses = results
    .filter((r) => kindOf(r.name) === 'function')
    .filter((r) => r.failed || (ratioOf(r) ?? Infinity) > RATIO_TARGET)
    .map((r) => `cold start: ${r.name}${r.failed ? ' (import failed)' : ''}`);
  return {
    tables,
    results: {
      method:
        'spawn-to-exit wall time of a fresh Node process importing the bundle; ratio = median of each sample over the ' +
        `bare-client sample before it and the one after it (the bare client sampled every ${BARE_EVERY} bundles)`,
      target: { maxRatioToBareClient: q(RATIO_TARGET, 'x') },
      bundles: perBundle,
    },
    misses,
    failed: failures.map((f) => f.name),
  };
};
