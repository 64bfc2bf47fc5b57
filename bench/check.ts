// `npm run bench:check`: a fresh run against the committed bench/results.json (the accepted figures). Fails (exit 1)
// on a regression: a bundle larger by even one byte, DynamoDB units per use case above the committed ones, or a
// cold-start ratio to the bare client (measured in the same run) worse than the committed ratio by more than the
// tolerance. A function with no committed figure must meet the targets instead.
// Knobs: BENCH_CHECK=bundles,cold-start,capacity (default all three; CI may run `BENCH_CHECK=bundles`, the exact part);
// BENCH_CHECK_TOLERANCE=0.15 (timings only).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SIZE_RATIO_TARGET } from './bundles.ts';
import { RATIO_TARGET } from './cold-start.ts';
import { BUILD_DIR, NODE_BIN, ROOT } from './config.ts';

type Quantity = { value: number; unit: string };
// The figures are JSON read back from a file: checked field by field, not typed.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
type Sections = Record<string, Loose>;

const parts = (process.env.BENCH_CHECK ?? 'bundles,cold-start,capacity').split(',').map((s) => s.trim());
const tolerance = Number(process.env.BENCH_CHECK_TOLERANCE ?? '0.15');
const committed = JSON.parse(readFileSync(path.join(ROOT, 'bench', 'results.json'), 'utf8')).sections as Sections;
const out = path.join(BUILD_DIR, 'check-results.json');

execFileSync(NODE_BIN, [path.join(ROOT, 'bench', 'run.ts')], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, BENCH_ONLY: parts.join(','), BENCH_OUT: out },
});
const fresh = JSON.parse(readFileSync(out, 'utf8')).sections as Sections;

const regressions: string[] = [];
let compared = 0;
const value = (x: Quantity | undefined) => x?.value ?? Number.NaN;

if (parts.includes('bundles')) {
  for (const [name, bundle] of Object.entries<Loose>(fresh.bundles?.bundles ?? {})) {
    if (bundle.kind !== 'function') continue;
    compared++;
    const before = committed.bundles?.bundles?.[name]?.bytes as number | undefined;
    if (before === undefined) {
      if (value(bundle.ratioToBareClient) > SIZE_RATIO_TARGET)
        regressions.push(`bundle ${name}: new, ${value(bundle.ratioToBareClient)}x bare > ${SIZE_RATIO_TARGET}x`);
    } else if (bundle.bytes > before) regressions.push(`bundle ${name}: ${bundle.bytes} B > committed ${before} B`);
  }
}
if (parts.includes('cold-start')) {
  for (const [name, result] of Object.entries<Loose>(fresh['cold-start']?.bundles ?? {})) {
    if (result.kind !== 'function') continue;
    compared++;
    if (result.failed || !result.ratioToBareClient) {
      regressions.push(`cold start ${name}: the bundle failed to import`);
      continue;
    }
    const before = committed['cold-start']?.bundles?.[name]?.ratioToBareClient as Quantity | null | undefined;
    const limit = before ? Math.max(value(before) * (1 + tolerance), RATIO_TARGET) : RATIO_TARGET;
    if (value(result.ratioToBareClient) > limit)
      regressions.push(
        `cold start ${name}: ${value(result.ratioToBareClient)}x bare > ${limit.toFixed(2)}x (committed ${before ? value(before) : '-'}x + ${tolerance * 100}%)`,
      );
  }
}
if (parts.includes('capacity')) {
  for (const [key, useCase] of Object.entries<Loose>(fresh.capacity?.useCases ?? {})) {
    const before = committed.capacity?.useCases?.[key];
    if (!before) continue;
    compared++;
    for (const unit of ['wcu', 'rcu'] as const)
      if (value(useCase[unit]) > value(before[unit]) + 1e-6)
        regressions.push(`${key}: ${value(useCase[unit])} ${unit.toUpperCase()} > committed ${value(before[unit])}`);
  }
  const life = fresh.capacity?.orderLife?.wru;
  const lifeBefore = committed.capacity?.orderLife?.wru;
  if (life && lifeBefore && value(life) > value(lifeBefore) + 1e-6)
    regressions.push(`order life: ${value(life)} WRU > committed ${value(lifeBefore)}`);
}

console.log(`\nbench:check (${parts.join(', ')}): ${compared} figures compared with bench/results.json.`);
if (regressions.length) {
  console.log(`REGRESSIONS (${regressions.length}):\n  ${regressions.join('\n  ')}`);
  process.exitCode = 1;
} else console.log('No regression.');
