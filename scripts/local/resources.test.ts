import { describe, expect, it } from 'vitest';
import { queueUrlEnv } from './function-env.ts';
import type { LocalResources } from './intrinsics.ts';
import { createTableInput, queueAttributes, queuesInDependencyOrder } from './resources.ts';
import type { ServerlessConfig } from './serverless-config.ts';

const local: LocalResources = {
  tables: { Table: { name: 'orderly-test', arn: 'arn:table', streamArn: 'arn:stream' } },
  queues: { DLQ: { name: 'dlq', url: 'http://127.0.0.1:9/1/dlq', arn: 'arn:aws:sqs:eu-west-1:1:dlq' } },
};

describe('translating the resolved template', () => {
  it('creates dead-letter queues before the queues that name them', () => {
    const queue = (props = {}) => ({ Type: 'AWS::SQS::Queue', Properties: props });
    const order = queuesInDependencyOrder({
      Main: queue({ RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['DLQ', 'Arn'] }, maxReceiveCount: 5 } }),
      Alarm: { Type: 'AWS::CloudWatch::Alarm' },
      DLQ: queue(),
    });
    expect(order).toEqual(['DLQ', 'Main']);
  });

  it('serialises the redrive policy with the local dead-letter ARN', () => {
    const attributes = queueAttributes(
      {
        QueueName: 'main',
        VisibilityTimeout: 180,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['DLQ', 'Arn'] }, maxReceiveCount: 5 },
      },
      local,
      2,
    );
    expect(attributes).toEqual({
      VisibilityTimeout: '2',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: local.queues.DLQ?.arn, maxReceiveCount: 5 }),
    });
  });

  it('enables the stream and drops throughput for on-demand tables', () => {
    const input = createTableInput({
      TableName: 'orderly-test',
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
      GlobalSecondaryIndexes: [{ IndexName: 'GSI1', KeySchema: [], Projection: { ProjectionType: 'ALL' } }],
    });
    expect(input.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    expect(input.ProvisionedThroughput).toBeUndefined();
    expect(input.GlobalSecondaryIndexes?.[0]?.ProvisionedThroughput).toBeUndefined();
  });

  it('maps every queue-URL variable of the functions to the local URL', () => {
    const config = {
      service: 'orderly',
      provider: { stage: 'test', region: 'eu-west-1', environment: { TABLE_NAME: 'orderly-test' } },
      functions: { a: { name: 'orderly-test-a', environment: { DEAD_LETTERS: { Ref: 'DLQ' }, TABLE: { Ref: 'Table' } } } },
    } satisfies ServerlessConfig;
    expect(queueUrlEnv(config, local)).toEqual({ DEAD_LETTERS: local.queues.DLQ?.url });
  });
});
