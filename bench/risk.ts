// Risk inference latency, warm, in process: the pure code the risk worker runs per order (feature extraction and
// scoring with the default model), timed call by call over orders from the synthetic dataset. Also the batch path,
// and what publishing costs (validation with golden cases, compilation). Standalone: `node bench/risk.ts`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { extractFeatures, type FeatureVector } from '#shared/domain/risk/features.ts';
import { compileModel } from '#shared/domain/risk/inference.ts';
import { validateModelDocument } from '#shared/domain/risk/validate-model.ts';
import { generateDataset } from '../scripts/model/synthetic.ts';
import { ROOT } from './config.ts';
import { q, summarize, type Summary } from './stats.ts';
import { fmt, renderTable, verdict } from './table.ts';

export const RISK_TARGET_P99_US = 50;
const BATCH = 10;

export interface RiskBenchResult {
  iterations: number;
  warmup: number;
  perOrder: Summary; // µs, extract + assess
  assessOnly: Summary; // µs
  batchPerOrder: Summary; // µs per order, batches of BATCH
  validate: Summary; // µs per document
  compile: Summary; // µs
}

const timeEach = (iterations: number, warmup: number, work: (i: number) => unknown): Summary => {
  let sink = 0;
  for (let i = 0; i < warmup; i += 1) sink += work(i) ? 1 : 0;
  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i += 1) {
    const t0 = performance.now();
    const out = work(i);
    samples[i] = (performance.now() - t0) * 1000;
    sink += out ? 1 : 0;
  }
  if (sink < 0) console.log(sink);
  return summarize(samples);
};

export const measureRisk = (iterations = 50_000, warmup = 5_000): RiskBenchResult => {
  const raw = JSON.parse(readFileSync(path.join(ROOT, 'models', 'risk-default.json'), 'utf8')) as unknown;
  const document = validateModelDocument(raw);
  const model = compileModel(document);
  const inputs = generateDataset({ seed: 99, size: 2_000, fraudRate: 0.05 }).map((sample) => sample.inputs);
  const vectors: FeatureVector[] = inputs.map(extractFeatures);
  const batches = Array.from({ length: Math.floor(vectors.length / BATCH) }, (_, b) => vectors.slice(b * BATCH, (b + 1) * BATCH));
  const batchRuns = Math.max(1_000, Math.floor(iterations / BATCH));
  const batch = timeEach(batchRuns, Math.floor(warmup / BATCH), (i) => model.assessBatch(batches[i % batches.length]!));
  return {
    iterations,
    warmup,
    perOrder: timeEach(iterations, warmup, (i) => model.assess(extractFeatures(inputs[i % inputs.length]!))),
    assessOnly: timeEach(iterations, warmup, (i) => model.assess(vectors[i % vectors.length]!)),
    batchPerOrder: {
      n: batch.n,
      min: batch.min / BATCH,
      p50: batch.p50 / BATCH,
      p90: batch.p90 / BATCH,
      p99: batch.p99 / BATCH,
      max: batch.max / BATCH,
      mean: batch.mean / BATCH,
    },
    validate: timeEach(200, 20, () => validateModelDocument(raw)),
    compile: timeEach(2_000, 200, () => compileModel(document)),
  };
};

export const reportRisk = (r: RiskBenchResult) => {
  const pass = r.perOrder.p99 <= RISK_TARGET_P99_US;
  const row = (label: string, s: Summary, target = '') => [label, fmt(s.p50, 2), fmt(s.p90, 2), fmt(s.p99, 2), fmt(s.max, 1), target];
  const table = renderTable(
    `risk inference, warm, in process (µs; ${r.iterations} calls after ${r.warmup} warm-up; default model, synthetic orders)`,
    ['path', 'p50', 'p90', 'p99', 'max', `target p99 ≤ ${RISK_TARGET_P99_US}`],
    [
      row('per order: extract features + score + decide + reasons', r.perOrder, verdict(pass)),
      row('per order: score + decide + reasons (features given)', r.assessOnly),
      row(`per order in batches of ${BATCH} (assessBatch)`, r.batchPerOrder),
      row('publish: validate a document (schema + golden cases)', r.validate),
      row('compile a validated document', r.compile),
    ],
    ['max is one call: GC pauses and scheduler noise land there, p99 is the target.'],
  );
  const us = (s: Summary) => ({ n: s.n, p50: q(s.p50, 'us'), p90: q(s.p90, 'us'), p99: q(s.p99, 'us'), max: q(s.max, 'us') });
  return {
    tables: [table],
    results: {
      perOrder: us(r.perOrder),
      assessOnly: us(r.assessOnly),
      batchPerOrder: us(r.batchPerOrder),
      validate: us(r.validate),
      compile: us(r.compile),
      targetP99: q(RISK_TARGET_P99_US, 'us'),
      pass,
    },
    misses: pass ? [] : [`risk inference p99 > ${RISK_TARGET_P99_US} µs: per order`],
  };
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(reportRisk(measureRisk()).tables.join('\n'));
}
