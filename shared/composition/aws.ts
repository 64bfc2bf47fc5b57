import type { BaseConfig } from '#shared/config.ts';
import { createDynamoBaseClient, documentClientOf } from '#shared/infrastructure/dynamodb/client.ts';
import { createSqsClient } from '#shared/infrastructure/sqs/client.ts';

// The SDK clients every context builds the same way from its config: one traced client per container, pointed at
// the local emulators when DYNAMODB_ENDPOINT / SQS_ENDPOINT are set. Annotate module-scope calls `@__PURE__`.

type ClientConfig = Pick<BaseConfig, 'AWS_REGION' | 'DYNAMODB_ENDPOINT' | 'SQS_ENDPOINT'>;

/** The plain DynamoDB client, for a context that shares one between several document clients. */
export const dynamoClientFor = (config: ClientConfig) =>
  createDynamoBaseClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });

export const documentClientFor = (config: ClientConfig) => documentClientOf(dynamoClientFor(config));

export { documentClientOf };

export const sqsClientFor = (config: ClientConfig) => createSqsClient({ region: config.AWS_REGION, endpoint: config.SQS_ENDPOINT });
