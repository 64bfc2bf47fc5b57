import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RiskModelDocument, RiskModelMetrics } from '#shared/domain/risk/model-document.ts';
import type { ModelRegistry, ModelSummary, StoredModel } from '#shared/domain/risk/ports.ts';
import { riskRoutingSchema, type RiskRouting } from '#shared/domain/risk/routing.ts';
import {
  MODEL_VERSION_PREFIX,
  modelRegistryPartition,
  modelRoutingKey,
  modelVersionKey,
  RISK_REGISTRY,
  stamp,
} from '#shared/infrastructure/dynamodb/keys.ts';

export interface DynamoModelRegistryDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** The registry's name, its partition `MODEL#<registry>` (tests use their own). */
  registry?: string;
  /** Publishing races: how many times to take the next number before giving up. */
  maxPublishAttempts?: number;
}

const SUMMARY_ATTRIBUTES = ['version', 'name', 'format', 'checksum', 'createdAt', 'metricsJson'];

const summaryOf = (item: Record<string, unknown>): ModelSummary => ({
  version: item.version as number,
  name: item.name as string,
  format: item.format as string,
  checksum: item.checksum as string,
  createdAt: item.createdAt as string,
  metrics: typeof item.metricsJson === 'string' ? (JSON.parse(item.metricsJson) as RiskModelMetrics) : null,
});

/**
 * Model versions as immutable items (`MODEL#<registry>` / `V#<version>`), the document kept as its JSON text so that every
 * coefficient comes back bit for bit; the routing as one item beside them. A version is claimed with
 * `attribute_not_exists`, so concurrent publishes get distinct numbers and none is ever overwritten.
 */
export const dynamoModelRegistry = ({
  client,
  tableName,
  registry = RISK_REGISTRY,
  maxPublishAttempts = 10,
}: DynamoModelRegistryDeps): ModelRegistry => {
  const versionQuery = { ':pk': modelRegistryPartition(registry), ':prefix': MODEL_VERSION_PREFIX };
  const latestVersion = async (): Promise<number> => {
    const { Items = [] } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: versionQuery,
        ProjectionExpression: 'version',
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    return (Items[0]?.version as number | undefined) ?? 0;
  };

  const publish = async (document: RiskModelDocument, meta: { checksum: string; createdAt: string }): Promise<ModelSummary> => {
    for (let attempt = 0; attempt < maxPublishAttempts; attempt += 1) {
      const version = (await latestVersion()) + 1;
      const item = {
        ...modelVersionKey(version, registry),
        ...stamp('RiskModel'),
        version,
        name: document.name,
        format: document.format,
        checksum: meta.checksum,
        createdAt: meta.createdAt,
        documentJson: JSON.stringify(document),
        ...(document.metrics ? { metricsJson: JSON.stringify(document.metrics) } : {}),
      };
      try {
        await client.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }));
        return summaryOf(item);
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    throw new Error(`could not claim a model version after ${maxPublishAttempts} attempts`);
  };

  const list = async (): Promise<ModelSummary[]> => {
    const items: ModelSummary[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: versionQuery,
          ProjectionExpression: SUMMARY_ATTRIBUTES.map((_, i) => `#a${i}`).join(', '),
          ExpressionAttributeNames: Object.fromEntries(SUMMARY_ATTRIBUTES.map((name, i) => [`#a${i}`, name])),
          ExclusiveStartKey,
        }),
      );
      items.push(...(page.Items ?? []).map(summaryOf));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  };

  const get = async (version: number): Promise<StoredModel | undefined> => {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: modelVersionKey(version, registry) }));
    if (!Item || typeof Item.documentJson !== 'string') return undefined;
    return { ...summaryOf(Item), document: JSON.parse(Item.documentJson) as RiskModelDocument };
  };

  const getRouting = async (): Promise<RiskRouting | undefined> => {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: modelRoutingKey(registry) }));
    if (!Item) return undefined;
    const parsed = riskRoutingSchema.safeParse({
      champion: Item.champion,
      challenger: Item.challenger,
      challengerShare: Item.challengerShare,
      mode: Item.mode,
    });
    return parsed.success ? parsed.data : undefined;
  };

  const putRouting = async (routing: RiskRouting): Promise<void> => {
    await client.send(
      new PutCommand({ TableName: tableName, Item: { ...modelRoutingKey(registry), ...stamp('RiskRouting'), ...routing } }),
    );
  };

  return { publish, list, get, getRouting, putRouting };
};
