import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HealthCheck } from '#shared/domain/ops/ports.ts';

export const dynamoTableCheck = (client: DynamoDBDocumentClient, tableName: string): HealthCheck => ({
  name: 'dynamodb',
  run: async (abortSignal) => {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }), { abortSignal });
    if (Table?.TableStatus !== 'ACTIVE' && Table?.TableStatus !== 'UPDATING') throw new Error('TableNotActive');
  },
});

export const sqsQueueCheck = (client: SQSClient, queueUrl: string): HealthCheck => ({
  name: 'sqs',
  run: async (abortSignal) => {
    await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }), { abortSignal });
  },
});

/** The provider's own health endpoint; a 5xx or no answer within the timeout fails the check. */
export const paymentProviderCheck = (baseUrl: string): HealthCheck => ({
  name: 'paymentProvider',
  run: async (signal) => {
    const response = await fetch(new URL('/health', baseUrl), { signal });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`ProviderStatus${response.status}`);
  },
});
