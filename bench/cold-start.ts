import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { BARE_CLIENT, type BundleTarget } from './bundles.ts';
import { childEnv, NODE_BIN, ROOT, type ServiceConfig } from './config.ts';
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
  /** Each sample's wall over the mean of the bare-client samples taken just before and just after it (absent for the bare client). */
  pairRatio?: number[];
  /** The same on CPU time. */
  cpuPairRatio?: number[];
}

/**
 * Fresh Node 22 process per sample, spawn → exit, round-robin across bundles so drift and noise spread evenly.
 * One discarded round first warms the page cache. A bundle that fails to import is reported and dropped from the rotation.
 * In the measured rounds the bare client (the denominator of every ratio) is sampled every BARE_EVERY bundles, and each
 * other sample is paired with the bare-client samples on either side of it (see bench/README.md, "Cold-start ratio").
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
    ratio: [] as number[],
    cpuRatio: [] as number[],
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
        p.s.ratio.push(p.run.wallMs / ((lastBare.wallMs + run.wallMs) / 2));
        p.s.cpuRatio.push(p.run.cpuMs / ((lastBare.cpuMs + run.cpuMs) / 2));
      }
    pending = [];
    lastBare = run;
  };

  let runs = plan.runs ?? plan.maxRuns;
  for (let round = -1; round < runs; round++) {
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

/**
 * A distribution-free interval for the median of a sample (sorted): the (c+1)-th smallest and (c+1)-th largest values, c the
 * largest with P(Binomial(n, 1/2) <= c) <= (1 - confidence) / 2. At n = 10 and 95% that is the 2nd and 9th of 10.
 */
export const medianInterval = (sorted: ArrayLike<number>, confidence = 0.95): [number, number] => {
  const n = sorted.length;
  if (n === 0) return [Number.NaN, Number.NaN];
  const tail = (1 - confidence) / 2;
  // [x(c+1), x(n-c)] (1-based) covers the median with probability 1 - 2 P(B <= c), B ~ Binomial(n, 1/2).
  let cut = 0;
  let term = 0.5 ** n; // P(B = 0)
  let cdf = 0;
  for (let c = 0; c < n / 2; c++) {
    if (c > 0) term = (term * (n - c + 1)) / c;
    cdf += term;
    if (cdf > tail) break;
    cut = c;
  }
  return [sorted[cut] as number, sorted[n - 1 - cut] as number];
};

export const reportColdStarts = (results: ColdStartResult[], bundles: BundleTarget[], runs: number) => {
  const bareResult = results.find((r) => r.name === BARE_CLIENT);
  const bare = bareResult?.wall?.p50;
  const bareCpu = bareResult?.cpu?.p50;
  const kindOf = (name: string) => bundles.find((b) => b.name === name)?.kind;
  /** The older figure, kept beside the target's: this bundle's wall p50 over the bare client's wall p50 over the run. */
  const ratioOfP50s = (r: ColdStartResult) => (r.wall && bare ? r.wall.p50 / bare : undefined);
  const cpuRatioOfP50s = (r: ColdStartResult) => (r.cpu && bareCpu ? r.cpu.p50 / bareCpu : undefined);
  const pairs = new Map(
    results.map((r) => [
      r.name,
      r.pairRatio?.length ? { wall: sortedCopy(r.pairRatio), cpu: sortedCopy(r.cpuPairRatio ?? []) } : undefined,
    ]),
  );
  /** The target's figure: the median of the bundle's paired ratios (the bare client is 1 by definition). */
  const ratioOf = (r: ColdStartResult): number | undefined => {
    if (r.name === BARE_CLIENT) return r.wall ? 1 : undefined;
    const p = pairs.get(r.name);
    return p ? percentileSorted(p.wall, 50) : ratioOfP50s(r);
  };
  const cpuRatioOf = (r: ColdStartResult): number | undefined => {
    if (r.name === BARE_CLIENT) return r.cpu ? 1 : undefined;
    const p = pairs.get(r.name);
    return p?.cpu.length ? percentileSorted(p.cpu, 50) : cpuRatioOfP50s(r);
  };
  const intervalOf = (r: ColdStartResult) => {
    const p = pairs.get(r.name);
    return p ? medianInterval(p.wall) : undefined;
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
    "vs bare (the target) = median over the bundle's samples of wall / mean wall of the two bare-client samples taken just before and",
    'after it; 95% CI = a distribution-free interval for that median; (cpu) = the same on cpu. See bench/README.md.',
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
          ...(interval ? { ratioInterval95: [q(interval[0], 'x'), q(interval[1], 'x')], pairs: pairs.get(r.name)?.wall.length } : {}),
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
        'spawn-to-exit wall time of a fresh Node process importing the bundle; ratio = median over samples of wall / mean of the ' +
        `adjacent bare-client samples (the bare client sampled every ${BARE_EVERY} bundles)`,
      target: { maxRatioToBareClient: q(RATIO_TARGET, 'x') },
      bundles: perBundle,
    },
    misses,
    failed: failures.map((f) => f.name),
  };
};
