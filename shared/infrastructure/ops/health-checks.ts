import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HealthCheck } from '#shared/application/ops/check-health.ts';

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
