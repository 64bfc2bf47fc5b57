// `npm run model -- <command>`: train the default risk model, and drive the model service through its admin API.
//   train [--out <file>]                      trains on the SYNTHETIC dataset, writes models/risk-default.json
//   list                                      GET /admin/risk/models
//   publish <file>                            POST /admin/risk/models (validation errors are listed, nothing stored)
//   route                                     GET /admin/risk/routing
//   route --champion N [--challenger M --share 0.3 --mode split|shadow]
//                                             PUT /admin/risk/routing (promotion and rollback: change the champion)
//   report [--since <ISO time>]               GET /admin/risk/report (default: the last 24 h)
// The API is ORDERLY_API_URL (default http://127.0.0.1:<HTTP_PORT>); the admin signs in with SEED_ADMIN_EMAIL and
// SEED_ADMIN_PASSWORD from the environment or .env / .env.example, as `npm start` seeds them.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLocalEnv } from './local/env.ts';
import { DEFAULT_TRAINING, trainModel } from './model/train.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_MODEL_FILE = path.join(ROOT, 'models', 'risk-default.json');

const USAGE = `usage: npm run model -- train [--out <file>]
       npm run model -- list | publish <file> | route [--champion N --challenger M --share S --mode split|shadow] | report [--since <ISO>]`;

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
  console.log(
    `trained ${document.name} on SYNTHETIC data in ${Math.round(performance.now() - started)} ms (${iterations} IRLS iterations, converged: ${converged})`,
  );
  console.log(`thresholds: review ${document.thresholds.review}, reject ${document.thresholds.reject}`);
  console.log(`held out (${m.samples} orders, ${m.positives} fraudulent): AUC ${m.auc.toFixed(4)}`);
  for (const [label, rates] of [
    ['review', m.atReview],
    ['reject', m.atReject],
  ] as const) {
    console.log(
      `  at ${label} ≥ ${rates.threshold}: precision ${pct(rates.precision)}, recall ${pct(rates.recall)}, flagged ${pct(rates.flaggedShare)}`,
    );
  }
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
};

interface Api {
  call(method: string, route: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

const adminApi = async (): Promise<Api> => {
  const env = loadLocalEnv(ROOT);
  const base = (process.env.ORDERLY_API_URL ?? `http://127.0.0.1:${env.HTTP_PORT ?? '3000'}`).replace(/\/$/, '');
  const send = async (method: string, route: string, body: unknown, token?: string) => {
    const response = await fetch(`${base}${route}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }).catch((error: Error) => {
      throw new Error(`cannot reach ${base} (is \`npm start\` running?): ${error.message}`);
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  const login = await send('POST', '/auth/login', { email: env.SEED_ADMIN_EMAIL, password: env.SEED_ADMIN_PASSWORD });
  if (login.status !== 200) throw new Error(`admin sign-in failed (${login.status}): set SEED_ADMIN_EMAIL and SEED_ADMIN_PASSWORD`);
  const token = (login.body as { accessToken: string }).accessToken;
  return { call: (method, route, body) => send(method, route, body, token) };
};

/** Prints a response; a problem's field errors one per line. Returns false for an error status. */
const show = ({ status, body }: { status: number; body: unknown }): boolean => {
  if (status < 400) {
    console.log(JSON.stringify(body, null, 2));
    return true;
  }
  const problem = body as { title?: string; detail?: string; errors?: Array<{ path: string; message: string }> };
  console.error(`${status} ${problem?.title ?? ''}: ${problem?.detail ?? ''}`);
  for (const error of problem?.errors ?? []) console.error(`  ${error.path}: ${error.message}`);
  return false;
};

const routingFrom = (args: string[]) => {
  const number = (name: string) => (option(args, name) === undefined ? undefined : Number(option(args, name)));
  return {
    champion: number('--champion'),
    ...(option(args, '--challenger') ? { challenger: number('--challenger') } : {}),
    challengerShare: number('--share') ?? 0,
    mode: option(args, '--mode') ?? 'split',
  };
};

const remote = async (command: string, args: string[]): Promise<boolean> => {
  const api = await adminApi();
  switch (command) {
    case 'list':
      return show(await api.call('GET', '/admin/risk/models'));
    case 'publish': {
      if (!args[0]) throw new Error('publish needs a model document file');
      return show(await api.call('POST', '/admin/risk/models', JSON.parse(readFileSync(args[0], 'utf8'))));
    }
    case 'route':
      return show(
        args.includes('--champion')
          ? await api.call('PUT', '/admin/risk/routing', routingFrom(args))
          : await api.call('GET', '/admin/risk/routing'),
      );
    case 'report': {
      const since = option(args, '--since') ?? new Date(Date.now() - 24 * 3_600_000).toISOString();
      return show(await api.call('GET', `/admin/risk/report?since=${encodeURIComponent(since)}`));
    }
    default:
      console.error(USAGE);
      return false;
  }
};

const main = async ([command, ...args]: string[]) => {
  if (command === 'train') return train(args);
  if (!command) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  try {
    if (!(await remote(command, args))) process.exitCode = 1;
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
};

await main(process.argv.slice(2));
