// `npm run invoke -- <function> <event file> [--stage <stage>]`: sends a sample event to one function of the running
// stack (`npm start`) through serverless offline's Lambda endpoint, as AWS would invoke it, and prints the result.
// Example: npm run invoke -- health events/http/health.json
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { loadLocalEnv, portFrom } from './local/env.ts';

const { values: options, positionals } = parseArgs({ allowPositionals: true, options: { stage: { type: 'string' } } });
const [functionName, eventFile] = positionals;

const knownFunctions = (): string[] => {
  const manifest = readFileSync('serverless.yml', 'utf8');
  const files = [...manifest.matchAll(/\$\{file\((infra\/functions[^)]*\.yml)\)/g)].map((match) => match[1]!);
  return [...new Set(files)].flatMap((file) => {
    try {
      return Object.keys((parse(readFileSync(file, 'utf8')) ?? {}) as object);
    } catch {
      return [];
    }
  });
};

if (!functionName || !eventFile) {
  console.error(`usage: npm run invoke -- <function> <event file> [--stage <stage>]\nfunctions: ${knownFunctions().sort().join(', ')}`);
  process.exit(2);
}
if (!knownFunctions().includes(functionName)) {
  console.error(`unknown function "${functionName}"; serverless.yml defines: ${knownFunctions().sort().join(', ')}`);
  process.exit(2);
}

let event: unknown;
try {
  event = JSON.parse(readFileSync(eventFile, 'utf8'));
} catch (error) {
  console.error(`cannot read the event ${eventFile}: ${(error as Error).message}`);
  process.exit(2);
}

const env = loadLocalEnv();
const stage = options.stage ?? env.STAGE ?? 'dev';
const endpoint = `http://127.0.0.1:${portFrom(env, 'LAMBDA_PORT', 3002)}`;
const fullName = `orderly-${stage}-${functionName}`;
const started = performance.now();
let response: Response;
try {
  response = await fetch(`${endpoint}/2015-03-31/functions/${fullName}/invocations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(event),
    signal: AbortSignal.timeout(60_000),
  });
} catch (error) {
  console.error(`no Lambda endpoint at ${endpoint} (${(error as Error).message}): is \`npm start\` running? (LAMBDA_PORT in .env)`);
  process.exit(1);
}
const text = await response.text();
const functionError = response.headers.get('x-amz-function-error');
console.error(
  `${fullName}: HTTP ${response.status}${functionError ? `, function error: ${functionError}` : ''} in ${Math.round(performance.now() - started)} ms`,
);
try {
  console.log(JSON.stringify(JSON.parse(text), null, 2));
} catch {
  console.log(text);
}
process.exit(functionError || !response.ok ? 1 : 0);
