// `npm run audit [-- --stage <stage>] [--aws] [--grace <seconds>]`: checks the saga's invariants over the whole table
// (README, "Invariant audit") and prints every violation with its id; exit code 1 when there is any. Offline it also
// reads the provider emulator's ledger for double captures; `--aws` uses the default credential chain and no endpoint.
import { parseArgs } from 'node:util';
import { createDynamoClient } from '#shared/infrastructure/dynamodb/client.ts';
import { runAudit } from './audit/run.ts';
import { localCredentials } from './local/aws.ts';
import { loadLocalEnv, portFrom } from './local/env.ts';

const { values: args } = parseArgs({
  options: { stage: { type: 'string' }, aws: { type: 'boolean', default: false }, grace: { type: 'string', default: '120' } },
});

const overrides = ['DYNAMODB_ENDPOINT', 'TABLE_NAME', 'PAYMENT_PROVIDER_URL', 'ORDER_PAYMENT_DEADLINE_SECONDS'];
const env = {
  ...loadLocalEnv(),
  ...Object.fromEntries(overrides.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : []))),
};
const stage = args.stage ?? env.STAGE ?? 'dev';
const tableName = env.TABLE_NAME ?? `orderly-${stage}`;
const region = env.AWS_REGION ?? 'eu-west-1';
const endpoint = args.aws ? undefined : env.DYNAMODB_ENDPOINT || `http://127.0.0.1:${portFrom(env, 'DYNAMODB_PORT', 8000)}`;
const providerUrl = args.aws ? undefined : env.PAYMENT_PROVIDER_URL || `http://127.0.0.1:${portFrom(env, 'PAYMENT_PROVIDER_PORT', 4010)}`;
const client = createDynamoClient({ region, endpoint, ...(args.aws ? {} : { credentials: localCredentials }) });

const report = await runAudit({
  client,
  tableName,
  providerUrl,
  deadlineSeconds: Number(env.ORDER_PAYMENT_DEADLINE_SECONDS ?? 1800),
  graceSeconds: Number(args.grace),
});
for (const violation of report.violations) console.log(`  ${violation.check.padEnd(15)} ${violation.id}  ${violation.detail}`);
console.log(
  `audited ${tableName}: ${report.items} items${report.charges === undefined ? '' : `, ${report.charges} provider charges`}; ${report.violations.length} violation(s)`,
);
client.destroy();
process.exit(report.violations.length > 0 ? 1 : 0);
