// `npm run audit [-- --stage <stage>] [--aws] [--grace <seconds>]`: checks the saga's invariants over the whole table
// (README, "Invariant audit") and prints every violation with its id; exit code 1 when there is any. Offline it also
// reads the provider emulator's ledger for double captures; `--aws` uses the default credential chain and no endpoint.
import { parseArgs } from 'node:util';
import { createDynamoClient } from '#shared/infrastructure/dynamodb/client.ts';
import { runAudit } from './audit/run.ts';
import { commandTarget } from './local/target.ts';

const { values: args } = parseArgs({
  options: { stage: { type: 'string' }, aws: { type: 'boolean', default: false }, grace: { type: 'string', default: '120' } },
});

const { env, tableName, region, dynamo, providerUrl } = commandTarget({
  stage: args.stage,
  aws: args.aws,
  overrides: ['DYNAMODB_ENDPOINT', 'TABLE_NAME', 'PAYMENT_PROVIDER_URL', 'ORDER_PAYMENT_DEADLINE_SECONDS'],
});
const client = createDynamoClient({ region, ...dynamo });

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
