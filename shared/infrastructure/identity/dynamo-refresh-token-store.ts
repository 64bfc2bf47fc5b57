import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RefreshFamily, RefreshTokenStore } from '#shared/domain/identity/ports.ts';
import { refreshFamilyKey, stamp } from '#shared/infrastructure/dynamodb/keys.ts';

/** Refresh-token families under their user's partition; `expiresAt` doubles as the TTL attribute. */
export const dynamoRefreshTokenStore = ({
  client,
  tableName,
}: {
  client: DynamoDBDocumentClient;
  tableName: string;
}): RefreshTokenStore => ({
  async create(family) {
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...refreshFamilyKey(family.userId, family.familyId), ...stamp('RefreshFamily'), ...family },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  },

  async get(userId, familyId) {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: refreshFamilyKey(userId, familyId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    return {
      userId: Item.userId,
      familyId: Item.familyId,
      tokenHash: Item.tokenHash,
      revoked: Item.revoked,
      expiresAt: Item.expiresAt,
    } as RefreshFamily;
  },

  async rotate(userId, familyId, expectedHash, nextHash) {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: refreshFamilyKey(userId, familyId),
          UpdateExpression: 'SET tokenHash = :next',
          ConditionExpression: 'tokenHash = :expected AND revoked = :false',
          ExpressionAttributeValues: { ':next': nextHash, ':expected': expectedHash, ':false': false },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  },

  async revoke(userId, familyId) {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: refreshFamilyKey(userId, familyId),
          UpdateExpression: 'SET revoked = :true',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':true': true },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  },
});
