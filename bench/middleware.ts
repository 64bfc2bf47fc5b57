import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { childEnv, NODE_BIN, ROOT, type ServiceConfig } from './config.ts';
import { q, summarize, type Summary } from './stats.ts';
import { loadNote } from './machine.ts';
import { fmt, renderTable, verdict } from './table.ts';

export const OVERHEAD_TARGET_MS = { p50: 0.1, p99: 0.3 };

interface ChildOutput {
  iterations: number;
  warmup: number;
  stack: number[];
  bare: number[];
  stackResponseHeaders: string[];
  node: string;
}

export interface MiddlewareResult {
  iterations: number;
  warmup: number;
  stack: Summary; // ms
  bare: Summary; // ms
  stackResponseHeaders: string[];
}

const toMs = (ns: number[]) => ns.map((v) => v / 1e6);

/** Runs middleware-child.ts with production-like Powertools settings, its stdout to /dev/null, results via a temp file. */
export const measureMiddleware = async (service: ServiceConfig, iterations: number, warmup: number): Promise<MiddlewareResult> => {
  const dir = mkdtempSync(path.join(tmpdir(), 'orderly-bench-'));
  const outFile = path.join(dir, 'middleware.json');
  try {
    const env = childEnv(service, undefined, {
      POWERTOOLS_SERVICE_NAME: 'orderly',
      POWERTOOLS_METRICS_NAMESPACE: 'Orderly',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      POWERTOOLS_LOGGER_LOG_EVENT: 'false',
      POWERTOOLS_TRACE_ENABLED: 'false',
      // As `npm start` runs functions untraced (scripts/local/stack.ts).
      AWS_XRAY_MANUAL_MODE: 'true',
    });
    delete env.POWERTOOLS_DEV;
    const stderr = await new Promise<string>((resolve, reject) => {
      const child = spawn(NODE_BIN, [path.join(ROOT, 'bench', 'middleware-child.ts'), outFile, String(iterations), String(warmup)], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'ignore', 'pipe'], // 'ignore' = /dev/null
      });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(err) : reject(new Error(`middleware child exited ${code}:\n${err}`))));
    });
    if (stderr.trim()) process.stderr.write(`[middleware child stderr]\n${stderr}\n`);
    const out = JSON.parse(readFileSync(outFile, 'utf8')) as ChildOutput;
    return {
      iterations: out.iterations,
      warmup: out.warmup,
      stack: summarize(toMs(out.stack)),
      bare: summarize(toMs(out.bare)),
      stackResponseHeaders: out.stackResponseHeaders,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

export const reportMiddleware = (r: MiddlewareResult) => {
  const overhead = { p50: r.stack.p50 - r.bare.p50, p90: r.stack.p90 - r.bare.p90, p99: r.stack.p99 - r.bare.p99 };
  const pass = { p50: overhead.p50 <= OVERHEAD_TARGET_MS.p50, p99: overhead.p99 <= OVERHEAD_TARGET_MS.p99 };
  const us = (ms: number) => fmt(ms * 1000, 1);
  const rows = [
    ['full httpRoute stack', us(r.stack.p50), us(r.stack.p90), us(r.stack.p99), us(r.stack.mean), ''],
    ['bare handler', us(r.bare.p50), us(r.bare.p90), us(r.bare.p99), us(r.bare.mean), ''],
    [
      'overhead (stack - bare)',
      us(overhead.p50),
      us(overhead.p90),
      us(overhead.p99),
      us(r.stack.mean - r.bare.mean),
      `p50 ${verdict(pass.p50)} (<= ${OVERHEAD_TARGET_MS.p50 * 1000}), p99 ${verdict(pass.p99)} (<= ${OVERHEAD_TARGET_MS.p99 * 1000})`,
    ],
  ];
  const notes = [
    `${r.iterations} timed calls each after ${r.warmup} warm-up calls, interleaved in blocks; POST with a 4-field zod body, JSON parse + zod on both sides.`,
    'Stack: INFO request log + EMF metrics per call to stdout (/dev/null); tracing off (X-Ray SDK in manual mode): deployed functions trace, which this figure leaves out.',
    ...loadNote(),
  ];
  const summaryMs = (s: Summary) => ({
    p50: q(s.p50, 'ms', 4),
    p90: q(s.p90, 'ms', 4),
    p99: q(s.p99, 'ms', 4),
    mean: q(s.mean, 'ms', 4),
    min: q(s.min, 'ms', 4),
    max: q(s.max, 'ms', 4),
  });
  return {
    tables: [
      renderTable('Warm HTTP middleware overhead (us per invocation)', ['handler', 'p50', 'p90', 'p99', 'mean', 'target'], rows, notes),
    ],
    results: {
      iterations: r.iterations,
      warmup: r.warmup,
      stack: summaryMs(r.stack),
      bare: summaryMs(r.bare),
      overhead: { p50: q(overhead.p50, 'ms', 4), p90: q(overhead.p90, 'ms', 4), p99: q(overhead.p99, 'ms', 4) },
      target: { p50: q(OVERHEAD_TARGET_MS.p50, 'ms'), p99: q(OVERHEAD_TARGET_MS.p99, 'ms') },
      pass,
      stackResponseHeaders: r.stackResponseHeaders,
    },
    misses: [...(pass.p50 ? [] : ['middleware overhead: p50']), ...(pass.p99 ? [] : ['middleware overhead: p99'])],
  };
};
