import { CreateQueueCommand, DeleteQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { ulid } from 'ulid';
import { inject } from 'vitest';
import { createDynamoClient } from '#shared/infrastructure/dynamodb/client.ts';

/** Endpoints and names of the emulators started by tests/setup/integration.ts. */
export const localEnv = () => inject('localEnv');

export const localDynamo = () => {
  const env = localEnv();
  return {
    client: createDynamoClient({
      region: env.AWS_REGION!,
      endpoint: env.DYNAMODB_ENDPOINT,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    tableName: env.TABLE_NAME!,
  };
};

/**
 * Fresh queues of a test's own, so what it looks for is not buried under other files' messages in the shared ones
 * (a receive returns at most 10, and the emulator hands out the same first 10 each time visibility is 0).
 */
export const privateQueues = async <Name extends string>(sqs: SQSClient, prefix: string, names: readonly Name[]) => {
  const urls = {} as Record<Name, string>;
  const run = ulid().slice(-10).toLowerCase();
  for (const [index, name] of names.entries()) {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-${index}-${run}` }));
    urls[name] = QueueUrl!;
  }
  return {
    urls,
    remove: () => Promise.all(Object.values<string>(urls).map((QueueUrl) => sqs.send(new DeleteQueueCommand({ QueueUrl })))),
  };
};
