import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ScoreLog, ScoreRecord } from '#shared/domain/risk/ports.ts';
import { riskScoreKey, riskScorePartition, stamp } from '#shared/infrastructure/dynamodb/keys.ts';

export interface DynamoScoreLogDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Records expire after this many days (TTL). */
  retentionDays?: number;
}

const BATCH = 25;

const recordOf = (item: Record<string, unknown>): ScoreRecord => ({
  orderId: item.orderId as string,
  version: item.version as number,
  variant: item.variant as ScoreRecord['variant'],
  shadow: item.shadow as boolean,
  score: item.score as number,
  decision: item.decision as ScoreRecord['decision'],
  latencyUs: item.latencyUs as number,
  scoredAt: item.scoredAt as string,
  ...(typeof item.fraud === 'boolean' ? { fraud: item.fraud } : {}),
});

/** Score records (`RISKSCORE#<version>` / `<scoredAt>#<orderId>`): written in batches, read by time, labelled in place. */
export const dynamoScoreLog = ({ client, tableName, retentionDays = 400 }: DynamoScoreLogDeps): ScoreLog => ({
  async record(records) {
    for (let start = 0; start < records.length; start += BATCH) {
      let requests: NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string] = records
        .slice(start, start + BATCH)
        .map((record) => ({
          PutRequest: {
            Item: {
              ...riskScoreKey(record.version, record.scoredAt, record.orderId),
              ...stamp('RiskScore'),
              ...record,
              expiresAt: Math.floor(Date.parse(record.scoredAt) / 1000) + retentionDays * 86_400,
            },
          },
        }));
      for (let attempt = 0; requests.length > 0; attempt += 1) {
        if (attempt === 5) throw new Error(`${requests.length} score records left unprocessed`);
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
        const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        requests = UnprocessedItems?.[tableName] ?? [];
      }
    }
  },

  async since(version, since, limit) {
    const out: ScoreRecord[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND SK >= :since',
          ExpressionAttributeValues: { ':pk': riskScorePartition(version), ':since': since },
          Limit: Math.min(1_000, limit - out.length),
          ExclusiveStartKey,
        }),
      );
      out.push(...(page.Items ?? []).map(recordOf));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey && out.length < limit);
    return out;
  },

  async label(keys, fraud) {
    await Promise.all(
      keys.map(async (key) => {
        try {
          await client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: riskScoreKey(key.version, key.scoredAt, key.orderId),
              UpdateExpression: 'SET fraud = :fraud',
              ConditionExpression: 'attribute_exists(PK)',
              ExpressionAttributeValues: { ':fraud': fraud },
            }),
          );
        } catch (error) {
          // A record that expired or was never written (model unavailable) has nothing to label.
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }),
    );
  },
});
