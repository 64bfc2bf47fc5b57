// `npm run bench`: builds every function as deployed, measures bundle size, cold-start proxy and warm middleware
// overhead, prints tables and writes bench/results.json. A measurement, not a test: a MISS does not fail the run;
// a bundle that cannot be built or imported does (exit code 1), after everything else has been reported.
//
// Knobs (environment): BENCH_ONLY=bundles,cold-start,middleware,risk,capacity  BENCH_COLD_RUNS (fixed; default: as many as fit
// BENCH_COLD_BUDGET_S=60, between 10 and 20)  BENCH_MW_ITERATIONS=20000  BENCH_MW_WARMUP=3000
// BENCH_CAP_RUNS=20  BENCH_CAP_BURST=1000
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildBundles, reportBundles, type BundleTarget } from './bundles.ts';
import { measureCapacity, reportCapacity } from './capacity.ts';
import { measureColdStarts, reportColdStarts } from './cold-start.ts';
import { loadServiceConfig, ROOT, type ServiceConfig } from './config.ts';
import { machine } from './machine.ts';
import { measureMiddleware, reportMiddleware } from './middleware.ts';
import { measureRisk, reportRisk } from './risk.ts';

interface SectionOutput {
  tables: string[];
  results: unknown;
  misses: string[];
  failed?: string[];
}

interface BenchContext {
  service: ServiceConfig;
  bundles: () => Promise<BundleTarget[]>;
}

interface Section {
  key: string;
  run: (ctx: BenchContext) => Promise<SectionOutput>;
}

const intEnv = (name: string, fallback: number, min: number): number => {
  const raw = process.env[name];
  const value = raw ? Number.parseInt(raw, 10) : fallback;
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be an integer >= ${min}`);
  return value;
};

const COLD_RUNS = process.env.BENCH_COLD_RUNS ? intEnv('BENCH_COLD_RUNS', 20, 10) : undefined;
const COLD_BUDGET_S = intEnv('BENCH_COLD_BUDGET_S', 60, 1);
const MW_ITERATIONS = intEnv('BENCH_MW_ITERATIONS', 20_000, 10_000);
const MW_WARMUP = intEnv('BENCH_MW_WARMUP', 3_000, 2_000);
const CAP_RUNS = intEnv('BENCH_CAP_RUNS', 20, 5);
const CAP_BURST = intEnv('BENCH_CAP_BURST', 1_000, 100);

// Add new sections here; each returns tables + figures.
const SECTIONS: Section[] = [
  {
    key: 'bundles',
    run: async (ctx) => reportBundles(await ctx.bundles()),
  },
  {
    key: 'cold-start',
    run: async (ctx) => {
      const bundles = await ctx.bundles();
      const plan = {
        minRuns: 10,
        maxRuns: Math.max(20, COLD_RUNS ?? 0),
        budgetMs: COLD_BUDGET_S * 1000,
        ...(COLD_RUNS ? { runs: COLD_RUNS } : {}),
      };
      const { results, runs } = await measureColdStarts(ctx.service, bundles, plan);
      return reportColdStarts(results, bundles, runs);
    },
  },
  {
    key: 'middleware',
    run: async (ctx) => reportMiddleware(await measureMiddleware(ctx.service, MW_ITERATIONS, MW_WARMUP)),
  },
  {
    key: 'risk',
    run: async () => reportRisk(measureRisk()),
  },
  {
    key: 'capacity',
    run: async () => {
      const { ORDER_EVENT_SUBSCRIPTIONS } = await import('#shared/application/events/publish-events.ts');
      return reportCapacity(await measureCapacity({ runs: CAP_RUNS, burst: CAP_BURST }), ORDER_EVENT_SUBSCRIPTIONS);
    },
  },
];

/** The bench measures the working tree; record the commit and whether bundled sources differ from it. */
const gitState = () => {
  try {
    const run = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
    return {
      commit: run('rev-parse', 'HEAD'),
      uncommittedSourceChanges: run('status', '--porcelain', '--', 'functions', 'shared', 'serverless.yml', 'infra', 'package.json') !== '',
    };
  } catch {
    return null;
  }
};

const main = async () => {
  const started = performance.now();
  const only = process.env.BENCH_ONLY?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const sections = only ? SECTIONS.filter((s) => only.includes(s.key)) : SECTIONS;
  if (!process.version.startsWith('v22.')) {
    console.warn(`! running on Node ${process.version}; the Lambdas run Node 22 (use npm run bench / npx node).`);
  }

  const startMachine = machine();
  const service = await loadServiceConfig('dev');
  console.log(
    `Orderly bench: ${service.functions.length} functions (${service.functions.map((f) => f.name).join(', ')}), Node ${process.version}, ` +
      `${startMachine.cpuModel} x${startMachine.cores}, load ${startMachine.loadAverage1mAtStart?.toFixed(2)}`,
  );
  console.log(`esbuild options from \`serverless print\` custom.esbuild: ${JSON.stringify(service.esbuildOptions)}\n`);

  let bundlesPromise: Promise<BundleTarget[]> | undefined;
  const ctx: BenchContext = { service, bundles: () => (bundlesPromise ??= buildBundles(service)) };

  const results: Record<string, unknown> = {};
  const misses: string[] = [];
  const failed: string[] = [];
  const timings: Record<string, { value: number; unit: string }> = {};
  for (const [index, section] of sections.entries()) {
    const t0 = performance.now();
    console.log(`[${index + 1}/${sections.length}] ${section.key}…`);
    try {
      const out = await section.run(ctx);
      results[section.key] = out.results;
      misses.push(...out.misses);
      failed.push(...(out.failed ?? []));
      console.log(`${out.tables.join('\n\n')}\n`);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results[section.key] = { error: message };
      failed.push(section.key);
      console.error(`!! section ${section.key} failed:\n${message}\n`);
    }
    timings[section.key] = { value: Math.round(performance.now() - t0) / 1000, unit: 's' };
    console.log(`[${index + 1}/${sections.length}] ${section.key} done in ${timings[section.key]!.value} s\n`);
  }

  const total = Math.round(performance.now() - started) / 1000;
  const report = {
    timestamp: new Date().toISOString(),
    machine: { ...startMachine, loadAverage1mAtEnd: os.loadavg()[0] },
    git: gitState(),
    esbuild: { fromServerlessPrint: service.rawEsbuild, passedToEsbuild: service.esbuildOptions },
    settings: {
      only: only ?? null,
      coldStartRuns: COLD_RUNS ?? 'auto',
      coldStartBudget: { value: COLD_BUDGET_S, unit: 's' },
      middlewareIterations: MW_ITERATIONS,
      middlewareWarmup: MW_WARMUP,
      capacityRuns: CAP_RUNS,
      capacityBurst: CAP_BURST,
    },
    sections: results,
    summary: { misses, failed, duration: { value: total, unit: 's' }, sectionDurations: timings },
  };
  // BENCH_OUT: where to write the figures (bench:check writes a fresh run beside the committed bench/results.json).
  const file = process.env.BENCH_OUT ? path.resolve(process.env.BENCH_OUT) : path.join(ROOT, 'bench', 'results.json');
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  const grouped = new Map<string, string[]>();
  for (const miss of misses) {
    const [check = miss, subject = ''] = miss.split(': ');
    grouped.set(check, [...(grouped.get(check) ?? []), subject]);
  }
  const missLine = [...grouped].map(([check, subjects]) => `${check} (${subjects.length}: ${subjects.join(', ')})`).join('; ');
  console.log(`Targets missed: ${missLine || 'none'}${failed.length ? `\nFAILED: ${failed.join(', ')}` : ''}`);
  console.log(`Wrote ${path.relative(process.cwd(), file)} in ${total.toFixed(1)} s`);
  if (!process.env.BENCH_OUT && !only) {
    const { writeResultsMarkdown } = await import('./results-md.ts');
    console.log(`Wrote ${path.relative(process.cwd(), writeResultsMarkdown(report))}`);
  }
  if (failed.length) process.exitCode = 1;
};

await main();
