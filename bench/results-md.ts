// bench/RESULTS.md from a full run's figures: the commit, the date, each figure against its target, and a chart of
// bundle size and cold start per function. Written by `npm run bench` (a full run, no BENCH_ONLY).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './config.ts';

type Quantity = { value: number; unit: string };
// The figures are JSON read back from a file: read field by field, not typed.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
interface Report {
  timestamp: string;
  git: { commit: string; uncommittedSourceChanges: boolean } | null;
  machine: { cpuModel?: string; cores?: number; loadAverage1mAtStart?: number };
  sections: Record<string, Loose>;
}

/** A figure to `digits` decimals without trailing zeros: 1.10 → 1.1, 30.0 → 30, and 30 (digits 0) stays 30. */
export const n = (x: Quantity | undefined, digits = 2) =>
  x && Number.isFinite(x.value)
    ? x.value
        .toFixed(digits)
        .replace(/(\.\d*?)0+$/, '$1')
        .replace(/\.$/, '')
    : '-';
const mark = (pass: boolean | undefined) => (pass === undefined ? '' : pass ? 'ok' : 'MISS');

export const resultsMarkdown = (r: Report): string => {
  const { bundles, 'cold-start': cold, middleware, capacity } = r.sections;
  const useCases = capacity?.useCases ?? {};
  const life = capacity?.orderLife;
  const functions = Object.entries<Loose>(bundles?.bundles ?? {}).filter(([, b]) => b.kind === 'function');
  const coldOf = (name: string) => cold?.bundles?.[name];
  const worstSize = functions.reduce((max, [, b]) => Math.max(max, b.ratioToBareClient.value), 0);
  const worstCold = functions.reduce((max, [name]) => Math.max(max, coldOf(name)?.ratioToBareClient?.value ?? 0), 0);
  const rows: [string, string, string, string][] = [
    ['place order, 2 lines, idempotent', `${n(useCases.placeOrder?.wcu)} WCU`, '<= 8 WCU', mark(useCases.placeOrder?.wcu.value <= 8)],
    ['cancel order', `${n(useCases.cancelOrder?.wcu)} WCU`, '<= 8 WCU', mark(useCases.cancelOrder?.wcu.value <= 8)],
    ["an order's whole life", `${n(life?.wru)} WRU, ${n(life?.rru)} RRU`, '<= 24 WRU', mark(life?.wru.value <= 24)],
    ['all-in cost per million orders (whole life)', `$${n(life?.perMillionOrders)}`, 'measured', ''],
    ['bundle, worst function', `${worstSize.toFixed(2)}x bare client`, '<= 1.5x', mark(worstSize <= 1.5)],
    ['cold-start proxy p50, worst function', `${worstCold.toFixed(2)}x bare client`, '<= 1.25x', mark(worstCold <= 1.25)],
    [
      'warm middleware overhead',
      `${n({ value: (middleware?.overhead?.p50?.value ?? NaN) * 1000, unit: 'us' }, 1)} us p50, ${n({ value: (middleware?.overhead?.p99?.value ?? NaN) * 1000, unit: 'us' }, 1)} us p99`,
      '<= 25 us p50',
      mark((middleware?.overhead?.p50?.value ?? Infinity) <= 0.025),
    ],
  ];
  const perFunction = functions.map(([name, b]) => {
    const c = coldOf(name);
    return `| ${name} | ${n(b.size, 1)} | ${n(b.ratioToBareClient)} | ${n(c?.wall?.p50, 1)} | ${c?.ratioToBareClient ? n(c.ratioToBareClient) : '-'} | ${(
      b.beyondBareClient ?? []
    )
      .slice(0, 3)
      .map((p: { name: string; size: Quantity }) => `${p.name} ${n(p.size, 0)}`)
      .join(', ')} |`;
  });
  const names = functions.map(([name]) => name);
  const chart = [
    '```mermaid',
    'xychart-beta',
    '  title "Bundle size (KiB, bars) and cold-start proxy (x bare client x 100, line) per function"',
    `  x-axis [${names.map((name) => `"${name}"`).join(', ')}]`,
    '  y-axis "KiB / ratio x 100"',
    `  bar [${functions.map(([, b]) => b.size.value.toFixed(0)).join(', ')}]`,
    `  line [${names.map((name) => ((coldOf(name)?.ratioToBareClient?.value ?? 0) * 100).toFixed(0)).join(', ')}]`,
    '```',
  ];
  const bare = bundles?.bundles?.['baseline:bare-dynamodb-client'];
  return [
    '# Bench results',
    '',
    `Commit \`${r.git?.commit?.slice(0, 12) ?? '?'}\`${r.git?.uncommittedSourceChanges ? ' (with uncommitted source changes)' : ''}, ${r.timestamp}, ` +
      `${r.machine.cpuModel ?? '?'} x${r.machine.cores ?? '?'} (load ${r.machine.loadAverage1mAtStart?.toFixed(1) ?? '?'}). ` +
      'Written by `npm run bench`; `npm run bench:check` compares a fresh run with `bench/results.json` (see bench/README.md).',
    '',
    '| measure | now | target | |',
    '|---|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
    `Bare DynamoDB client bundle: ${n(bare?.size, 1)} KiB; cold start of it: ${n(coldOf('baseline:bare-dynamodb-client')?.wall?.p50, 1)} ms p50.`,
    'DynamoDB units by AWS rules (transactions x2 per item, GSI entries once, projections honoured); prices, sources and',
    'assumptions in `bench/cost-model.ts`.',
    '',
    ...chart,
    '',
    '| function | KiB | x bare | cold p50 ms | x bare | beyond the bare client (KiB) |',
    '|---|---|---|---|---|---|',
    ...perFunction,
    '',
  ].join('\n');
};

export const writeResultsMarkdown = (report: unknown): string => {
  const file = path.join(ROOT, 'bench', 'RESULTS.md');
  writeFileSync(file, resultsMarkdown(report as Report));
  return file;
};
