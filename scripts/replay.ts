// `npm run replay -- --since <ISO time> [--order <id>] [--dry-run] [--stage <stage>] [--aws]`: re-publishes committed
// order events from the table to every consumer queue (README, "Replay"). Safe to repeat: consumers are idempotent
// by event id. Offline by default (DynamoDB Local and the SQS emulator from .env/.env.example).
import { SQSClient } from '@aws-sdk/client-sqs';
import { parseArgs } from 'node:util';
import { ORDER_EVENT_SUBSCRIPTIONS } from '#shared/application/events/publish-events.ts';
import { createDynamoClient } from '#shared/infrastructure/dynamodb/client.ts';
import { sqsEventSender } from '#shared/infrastructure/events/sqs-event-sender.ts';
import { queueUrlOf } from './dlq/queues.ts';
import { commandTarget } from './local/target.ts';
import { replayEvents } from './replay/replay.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { values: args } = parseArgs({
  options: {
    since: { type: 'string' },
    order: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    stage: { type: 'string' },
    aws: { type: 'boolean', default: false },
  },
});
if (!args.since || Number.isNaN(Date.parse(args.since))) {
  console.error('usage: npm run replay -- --since <ISO time> [--order <id>] [--dry-run] [--stage <stage>] [--aws]');
  process.exit(2);
}
const since = new Date(args.since).toISOString();

const { stage, tableName, region, ...target } = commandTarget({
  stage: args.stage,
  aws: args.aws,
  overrides: ['DYNAMODB_ENDPOINT', 'SQS_ENDPOINT', 'TABLE_NAME'],
});
const dynamo = createDynamoClient({ region, ...target.dynamo });
const sqs = new SQSClient({ region, ...target.sqs });
const queueUrls = Object.fromEntries(
  await Promise.all(
    Object.keys(ORDER_EVENT_SUBSCRIPTIONS).map(async (consumer) => [consumer, await queueUrlOf(sqs, `orderly-${stage}-${consumer}`)]),
  ),
);

const { events, published } = await replayEvents({
  client: dynamo,
  tableName,
  since,
  orderId: args.order,
  publish: { send: sqsEventSender(sqs, queueUrls), subscriptions: ORDER_EVENT_SUBSCRIPTIONS },
  dryRun: args['dry-run'],
});
for (const event of events) console.log(`  ${event.orderId} v${event.version} ${event.type} ${event.occurredAt}`);
console.log(`${events.length} event(s) since ${since}${args.order ? ` of order ${args.order}` : ''}; ${published} re-published`);
dynamo.destroy();
sqs.destroy();
