// `npm start [-- --persist] [-- --stage <stage>]`: the whole backend offline on 127.0.0.1.
import { parseArgs } from 'node:util';
import { killAllChildrenSync } from './local/child.ts';
import { loadLocalEnv } from './local/env.ts';
import { PortInUseError } from './local/ports.ts';
import { seed } from './local/seed.ts';
import { seedProducts } from './local/seed-products.ts';
import { seedRiskModel } from './local/seed-risk-model.ts';
import { startLocalStack, type LocalStack } from './local/stack.ts';

const { values: args } = parseArgs({
  options: { persist: { type: 'boolean', default: false }, stage: { type: 'string' }, quiet: { type: 'boolean', default: false } },
});

// Children live in their own process groups; never leave one behind, however we exit.
process.on('exit', killAllChildrenSync);

let stack: LocalStack | undefined;
let shuttingDown = false;

const shutdown = async (signal: string): Promise<void> => {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log(`\n${signal}: stopping the local stack…`);
  if (!stack) {
    killAllChildrenSync(); // still starting: nothing orderly to stop yet
    process.exit(0);
  }
  await stack.stop();
  console.log('stopped');
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

/** Demo data for the offline stack: the seeded accounts and a handful of products, each created only when missing. */
const seedDemoData = async (ready: LocalStack): Promise<void> => {
  const env = { ...loadLocalEnv(), ...ready.env };
  const created = [...(await seed(env)), ...(await seedProducts(env)), ...(await seedRiskModel(env))];
  console.log(created.length > 0 ? `seeded ${created.join(', ')}` : 'demo data already present');
};

try {
  stack = await startLocalStack({
    stage: args.stage,
    persist: args.persist,
    quiet: args.quiet,
    afterReady: seedDemoData,
    onUnexpectedExit: (reason) => {
      console.error(`local stack stopped: ${reason}`);
      process.exit(1);
    },
  });
} catch (error) {
  console.error(error instanceof PortInUseError ? error.message : `local stack failed to start: ${(error as Error).stack ?? error}`);
  process.exit(1);
}

const { urls, stage, resources, ledger } = stack;
console.log(`
Orderly is running offline (stage ${stage}${args.persist ? ', data kept in .local/dynamodb' : ', in-memory data'})
  HTTP API         ${urls.httpApi}
  WebSocket API    ${urls.websocket}   (connect with a ticket: POST /notifications/tickets)
  Live order page  ${urls.httpApi}/demo   (terminal: npm run watch -- --email <e> --password <p>)
  Lambda endpoint  ${urls.lambda}
  DynamoDB Local   ${urls.dynamodb}   table ${Object.values(resources.tables)
    .map((table) => table.name)
    .join(', ')}
  SQS emulator     ${urls.sqs}
  Payment provider ${urls.paymentProvider}   (emulator: PUT /_faults, GET /_charges)
  EVM node (anvil) ${ledger ? `${ledger.rpcUrl}   chain ${ledger.chainId}` : 'not started'}
  OrderLedger      ${ledger ? `${ledger.contract}   (${ledger.deployedNow ? 'deployed now' : 'kept from an earlier start'}; npm run ledger -- verify <proof.json>)` : '-'}
Demo accounts (from .env / .env.example)
  admin            ${process.env.SEED_ADMIN_EMAIL ?? loadLocalEnv().SEED_ADMIN_EMAIL}
  customer         ${process.env.SEED_CUSTOMER_EMAIL ?? loadLocalEnv().SEED_CUSTOMER_EMAIL}
API reference      ${urls.httpApi}/docs   (spec ${urls.httpApi}/openapi.json, requests docs/orderly.http)
Saving a file under functions/ or shared/ rebuilds and reloads the functions. Ctrl-C stops everything.`);
// Last, and only now: the table is seeded, every trigger polls, and the HTTP port has just opened.
console.log(`ready: ${urls.httpApi}`);
