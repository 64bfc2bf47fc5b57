// `npm run rebuild -- orders [--stage <stage>] [--aws]`: replays every order's events into fresh STATE items (the
// snapshots lists read), puts orders placed before GSI3 into their customer's list, and prints what changed. Offline by default: DynamoDB Local from .env/.env.example;
// `--aws` uses the default credential chain and no endpoint. `projections` is accepted as an alias of `orders`.
import { parseArgs } from 'node:util';
import { createDynamoClient } from '#shared/infrastructure/dynamodb/client.ts';
import { rebuildOrders } from '#shared/infrastructure/orders/rebuild-orders.ts';
import { commandTarget } from './local/target.ts';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { stage: { type: 'string' }, aws: { type: 'boolean', default: false } },
});

const target = positionals[0];
if (target !== 'orders' && target !== 'projections') {
  console.error('usage: npm run rebuild -- orders [--stage <stage>] [--aws]');
  process.exit(2);
}

const { tableName, region, dynamo } = commandTarget({
  stage: args.stage,
  aws: args.aws,
  overrides: ['DYNAMODB_ENDPOINT', 'TABLE_NAME'],
});
const endpoint = dynamo.endpoint;
const client = createDynamoClient({ region, ...dynamo });

console.log(`rebuilding order snapshots in ${tableName}${endpoint ? ` at ${endpoint}` : ''}`);
const started = Date.now();
const report = await rebuildOrders(
  { client, tableName },
  { onProgress: (done, total) => console.log(`  ${done}/${total} orders replayed (${((Date.now() - started) / 1000).toFixed(1)} s)`) },
);
for (const change of report.changes) {
  console.log(`  ${change.kind.padEnd(8)} ${change.orderId}${change.fields.length ? `  (${change.fields.join(', ')})` : ''}`);
}
for (const orderId of report.raced) console.log(`  skipped  ${orderId}  (changed by a command meanwhile; already fresh)`);
for (const orderId of report.indexed) console.log(`  indexed  ${orderId}  (first event added to its customer's list)`);
console.log(
  `${report.orders} orders: ${report.unchanged} unchanged, ${report.changes.length} rewritten, ${report.raced.length} skipped, ${report.indexed.length} indexed (${Date.now() - started} ms)`,
);
client.destroy();
