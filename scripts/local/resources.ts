import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  QueueNameExists,
  SetQueueAttributesCommand,
  GetQueueUrlCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { referencedIds, resolveReference, type LocalResources } from './intrinsics.ts';
import type { Log } from './log.ts';
import type { CfnResource } from './serverless-config.ts';

export interface CreateResourcesOptions {
  dynamodb: DynamoDBClient;
  sqs: SQSClient;
  log: Log;
  /** Local-only cap on queue visibility timeouts, so tests can watch redelivery without waiting minutes. */
  maxVisibilityTimeout?: number;
}

const QUEUE_ATTRIBUTES = [
  'DelaySeconds',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ReceiveMessageWaitTimeSeconds',
  'VisibilityTimeout',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'FifoQueue',
  'ContentBasedDeduplication',
  'SqsManagedSseEnabled',
];

/**
 * Creates the tables and queues of the resolved CloudFormation template (other types, such as
 * alarms, have no local meaning). Idempotent: what already exists is reused, and a persisted table gains the indexes
 * the template added since it was created.
 */
export const createResources = async (resources: Record<string, CfnResource>, options: CreateResourcesOptions): Promise<LocalResources> => {
  const created: LocalResources = { tables: {}, queues: {} };
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type === 'AWS::DynamoDB::Table') created.tables[id] = await createTable(resource.Properties ?? {}, options);
  }
  for (const id of queuesInDependencyOrder(resources)) {
    created.queues[id] = await createQueue(id, resources[id]?.Properties ?? {}, created, options);
  }
  return created;
};

/** Creates, one at a time (DynamoDB's rule), each index of the template an existing table does not have. */
const addMissingIndexes = async (dynamodb: DynamoDBClient, input: CreateTableCommandInput, log: Log) => {
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: input.TableName }));
  const existing = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  for (const index of input.GlobalSecondaryIndexes ?? []) {
    if (existing.has(index.IndexName)) continue;
    await dynamodb.send(
      new UpdateTableCommand({
        TableName: input.TableName,
        AttributeDefinitions: input.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
    log(`table ${String(input.TableName)}: index ${String(index.IndexName)} added`);
  }
};

const createTable = async (props: Record<string, unknown>, { dynamodb, log }: CreateResourcesOptions) => {
  const name = String(props.TableName);
  const input = createTableInput(props);
  try {
    await dynamodb.send(new CreateTableCommand(input));
    log(`table ${name} created`);
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    log(`table ${name} exists`);
    await addMissingIndexes(dynamodb, input, log);
  }
  const ttl = props.TimeToLiveSpecification as { AttributeName: string; Enabled: boolean } | undefined;
  if (ttl?.Enabled) {
    // Fails with "already enabled" on a persisted table, which is the state we want.
    await dynamodb.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: ttl })).catch(() => undefined);
  }
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: name }));
  return { name, arn: Table?.TableArn ?? '', streamArn: Table?.LatestStreamArn };
};

export const createTableInput = (props: Record<string, unknown>): CreateTableCommandInput => {
  const pick = <T>(key: string) => props[key] as T | undefined;
  const stream = pick<{ StreamViewType: string }>('StreamSpecification');
  const billingMode = pick<'PAY_PER_REQUEST' | 'PROVISIONED'>('BillingMode') ?? 'PROVISIONED';
  const throughput = pick<CreateTableCommandInput['ProvisionedThroughput']>('ProvisionedThroughput') ?? {
    ReadCapacityUnits: 5,
    WriteCapacityUnits: 5,
  };
  const gsis = pick<NonNullable<CreateTableCommandInput['GlobalSecondaryIndexes']>>('GlobalSecondaryIndexes');
  return {
    TableName: String(props.TableName),
    AttributeDefinitions: pick('AttributeDefinitions'),
    KeySchema: pick('KeySchema'),
    BillingMode: billingMode,
    ProvisionedThroughput: billingMode === 'PROVISIONED' ? throughput : undefined,
    GlobalSecondaryIndexes: gsis?.map(({ IndexName, KeySchema, Projection, ProvisionedThroughput }) => ({
      IndexName,
      KeySchema,
      Projection,
      ProvisionedThroughput: billingMode === 'PROVISIONED' ? (ProvisionedThroughput ?? throughput) : undefined,
    })),
    LocalSecondaryIndexes: pick('LocalSecondaryIndexes'),
    StreamSpecification: stream ? { StreamEnabled: true, StreamViewType: stream.StreamViewType as 'NEW_IMAGE' } : undefined,
  };
};

/** Dead-letter queues must exist before the queues whose RedrivePolicy names them. */
export const queuesInDependencyOrder = (resources: Record<string, CfnResource>): string[] => {
  const queueIds = Object.keys(resources).filter((id) => resources[id]?.Type === 'AWS::SQS::Queue');
  const ordered: string[] = [];
  const visit = (id: string, path: string[]): void => {
    if (ordered.includes(id)) return;
    if (path.includes(id)) throw new Error(`queues reference each other in a cycle: ${[...path, id].join(' -> ')}`);
    for (const dep of referencedIds(resources[id]?.Properties)) if (queueIds.includes(dep)) visit(dep, [...path, id]);
    ordered.push(id);
  };
  for (const id of queueIds) visit(id, []);
  return ordered;
};

const createQueue = async (
  id: string,
  props: Record<string, unknown>,
  created: LocalResources,
  { sqs, log, maxVisibilityTimeout }: CreateResourcesOptions,
) => {
  const name = String(props.QueueName ?? id);
  const attributes = queueAttributes(props, created, maxVisibilityTimeout);
  let url: string | undefined;
  try {
    ({ QueueUrl: url } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes })));
    log(`queue ${name} created`);
  } catch (error) {
    if (!(error instanceof QueueNameExists)) throw error;
    ({ QueueUrl: url } = await sqs.send(new GetQueueUrlCommand({ QueueName: name })));
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: attributes }));
    log(`queue ${name} exists, attributes updated`);
  }
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return { name, url: url ?? '', arn: Attributes?.QueueArn ?? '' };
};

export const queueAttributes = (
  props: Record<string, unknown>,
  created: LocalResources,
  maxVisibilityTimeout?: number,
): Record<string, string> => {
  const attributes: Record<string, string> = {};
  for (const key of QUEUE_ATTRIBUTES) {
    const value = props[key];
    if (value === undefined) continue;
    if (key === 'RedrivePolicy') {
      const policy = value as { deadLetterTargetArn: unknown; maxReceiveCount: number };
      attributes[key] = JSON.stringify({
        deadLetterTargetArn: resolveReference(policy.deadLetterTargetArn, created),
        maxReceiveCount: Number(policy.maxReceiveCount),
      });
    } else {
      attributes[key] = typeof value === 'object' ? JSON.stringify(value) : String(value);
    }
  }
  if (maxVisibilityTimeout !== undefined) {
    attributes.VisibilityTimeout = String(Math.min(Number(attributes.VisibilityTimeout ?? 30), maxVisibilityTimeout));
  }
  return attributes;
};
