import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ulid } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { localEnv } from '../../tests/support/integration.ts';
import { createResources } from './resources.ts';

const env = localEnv();
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const dynamodb = new DynamoDBClient({ region: env.AWS_REGION!, endpoint: env.DYNAMODB_ENDPOINT, credentials });
const sqs = new SQSClient({ region: env.AWS_REGION!, endpoint: env.SQS_ENDPOINT!, credentials });
const tableName = `persisted-${ulid().toLowerCase()}`;
afterAll(async () => {
  await dynamodb.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
  dynamodb.destroy();
  sqs.destroy();
});

const key = (name: string, type: 'HASH' | 'RANGE') => ({ AttributeName: name, KeyType: type });
const definitions = (...names: string[]) => names.map((AttributeName) => ({ AttributeName, AttributeType: 'S' }));

describe('the local resources on a table persisted by an older version (npm start -- --persist)', () => {
  it('reuses the table and adds the indexes the template gained since', async () => {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: definitions('PK', 'SK', 'GSI1PK', 'GSI1SK') as never,
        KeySchema: [key('PK', 'HASH'), key('SK', 'RANGE')],
        GlobalSecondaryIndexes: [
          { IndexName: 'GSI1', KeySchema: [key('GSI1PK', 'HASH'), key('GSI1SK', 'RANGE')], Projection: { ProjectionType: 'ALL' } },
        ],
      }),
    );
    const template = {
      Table: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          TableName: tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: definitions('PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2SK', 'GSI3PK'),
          KeySchema: [key('PK', 'HASH'), key('SK', 'RANGE')],
          GlobalSecondaryIndexes: [
            { IndexName: 'GSI1', KeySchema: [key('GSI1PK', 'HASH'), key('GSI1SK', 'RANGE')], Projection: { ProjectionType: 'ALL' } },
            { IndexName: 'GSI3', KeySchema: [key('GSI3PK', 'HASH'), key('GSI2SK', 'RANGE')], Projection: { ProjectionType: 'KEYS_ONLY' } },
          ],
        },
      },
    };
    const log: string[] = [];

    await createResources(template, { dynamodb, sqs, log: (line: string) => log.push(line) });
    await createResources(template, { dynamodb, sqs, log: (line: string) => log.push(line) });

    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.Projection?.ProjectionType]).sort()).toEqual([
      ['GSI1', 'ALL'],
      ['GSI3', 'KEYS_ONLY'],
    ]);
    expect(log).toEqual([`table ${tableName} exists`, `table ${tableName}: index GSI3 added`, `table ${tableName} exists`]);
  });
});
