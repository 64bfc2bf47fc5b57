import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { BARE_CLIENT, type BundleTarget } from './bundles.ts';
import { childEnv, NODE_BIN, ROOT, type ServiceConfig } from './config.ts';
import { q, summarize, type Summary } from './stats.ts';
import { loadNote } from './machine.ts';
import { fmt, renderTable, verdict } from './table.ts';

export const RATIO_TARGET = 1.25; // issue 13
const TIMEOUT_MS = 20_000;

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
}

/**
 * Fresh Node 22 process per sample, spawn → exit, round-robin across bundles so drift and noise spread evenly.
 * One discarded round first warms the page cache. A bundle that fails to import is reported and dropped from the rotation.
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
    failed: undefined as Run | undefined,
  }));
  let runs = plan.runs ?? plan.maxRuns;
  for (let round = -1; round < runs; round++) {
    const roundStart = performance.now();
    // Alternate direction each round, so no bundle always follows the same neighbour.
    const order = round % 2 === 0 ? state : [...state].reverse();
    for (const s of order) {
      if (s.failed) continue;
      const run = await runOnce(s.bundle.outfile, s.env);
      if (!run.ok) {
        s.failed = run;
        continue;
      }
      if (round >= 0) {
        s.wall.push(run.wallMs);
        s.imp.push(run.importMs);
        s.cpu.push(run.cpuMs);
      }
    }
    // The discarded round sizes the rest: as many rounds as fit the budget, within [minRuns, maxRuns].
    if (round === -1 && plan.runs === undefined) {
      const perRound = performance.now() - roundStart;
      runs = Math.max(plan.minRuns, Math.min(plan.maxRuns, Math.floor(plan.budgetMs / Math.max(perRound, 1))));
    }
  }
  const results = state.map((s) =>
    s.failed
      ? { name: s.bundle.name, failed: { code: s.failed.code, stderr: s.failed.stderr } }
      : { name: s.bundle.name, wall: summarize(s.wall), importOnly: summarize(s.imp), cpu: summarize(s.cpu) },
  );
  return { results, runs };
};

export const reportColdStarts = (results: ColdStartResult[], bundles: BundleTarget[], runs: number) => {
  const bareResult = results.find((r) => r.name === BARE_CLIENT);
  const bare = bareResult?.wall?.p50;
  const bareCpu = bareResult?.cpu?.p50;
  const kindOf = (name: string) => bundles.find((b) => b.name === name)?.kind;
  const ratioOf = (r: ColdStartResult) => (r.wall && bare ? r.wall.p50 / bare : undefined);
  const cpuRatioOf = (r: ColdStartResult) => (r.cpu && bareCpu ? r.cpu.p50 / bareCpu : undefined);
  const rows = results.map((r) => {
    if (!r.wall || !r.importOnly || !r.cpu)
      return [r.name, 'FAILED', '-', '-', '-', '-', '-', kindOf(r.name) === 'function' ? 'MISS (import failed)' : ''];
    const ratio = ratioOf(r);
    const cpuRatio = cpuRatioOf(r);
    return [
      r.name,
      fmt(r.wall.p50),
      fmt(r.wall.p90),
      fmt(r.importOnly.p50),
      fmt(r.cpu.p50),
      ratio === undefined ? '-' : `${fmt(ratio, 2)}x`,
      cpuRatio === undefined ? '-' : `${fmt(cpuRatio, 2)}x`,
      kindOf(r.name) === 'function' ? `${verdict(ratio === undefined ? undefined : ratio <= RATIO_TARGET)} (<= ${RATIO_TARGET}x)` : '',
    ];
  });
  const failures = results.filter((r) => r.failed);
  const notes = [
    `${runs} fresh processes per bundle (${process.release.name} ${process.version} at ${NODE_BIN.replace(ROOT + '/', '')}), round-robin.`,
    'wall = spawn to exit of `node -e "await import(bundle)"`; import = the import() alone, timed inside the child.',
    'cpu = user+sys CPU of the child, all threads, boot included. vs bare = wall p50 / bare-client wall p50 (the target); (cpu) = same on cpu p50.',
    ...loadNote(),
  ];
  const tables = [
    renderTable(
      'Cold-start proxy (ms)',
      ['bundle', 'wall p50', 'wall p90', 'import p50', 'cpu p50', 'vs bare', '(cpu)', 'target'],
      rows,
      notes,
    ),
    ...failures.map((f) => `!! ${f.name} failed to import (exit ${f.failed?.code}):\n${(f.failed?.stderr ?? '').trim()}`),
  ];
  const perBundle: Record<string, unknown> = {};
  for (const r of results) {
    const ratio = ratioOf(r);
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
      method: 'spawn-to-exit wall time of a fresh Node process importing the bundle',
      target: { maxRatioToBareClient: q(RATIO_TARGET, 'x') },
      bundles: perBundle,
    },
    misses,
    failed: failures.map((f) => f.name),
  };
};
