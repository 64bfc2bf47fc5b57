// `npm run model -- <command>`: train the default risk model (more commands wrap the admin API).
//   train [--out <file>]   trains on the synthetic dataset and writes the model document (default models/risk-default.json)
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TRAINING, trainModel } from './model/train.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_MODEL_FILE = path.join(ROOT, 'models', 'risk-default.json');

const option = (args: string[], name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};

const train = (args: string[]) => {
  const out = path.resolve(option(args, '--out') ?? DEFAULT_MODEL_FILE);
  const started = performance.now();
  const { document, iterations, converged } = trainModel(DEFAULT_TRAINING);
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  const m = document.metrics!;
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  console.log(`trained ${document.name} on SYNTHETIC data in ${Math.round(performance.now() - started)} ms (${iterations} IRLS iterations, converged: ${converged})`);
  console.log(`thresholds: review ${document.thresholds.review}, reject ${document.thresholds.reject}`);
  console.log(`held out (${m.samples} orders, ${m.positives} fraudulent): AUC ${m.auc.toFixed(4)}`);
  for (const [label, rates] of [['review', m.atReview], ['reject', m.atReject]] as const) {
    console.log(`  at ${label} ≥ ${rates.threshold}: precision ${pct(rates.precision)}, recall ${pct(rates.recall)}, flagged ${pct(rates.flaggedShare)}`);
  }
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
};

const main = async (args: string[]) => {
  const [command, ...rest] = args;
  if (command === 'train') return train(rest);
  console.error('usage: npm run model -- train [--out <file>]');
  process.exitCode = 2;
};

await main(process.argv.slice(2));
