import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '#shared/domain/errors.ts';
import type { Email } from '#shared/domain/identity/email.ts';
import type { FieldCipher, ListUsersQuery, UserPage, UserRepository } from '#shared/domain/identity/ports.ts';
import type { User, UserId } from '#shared/domain/identity/user.ts';
import { decodeCursor, encodeCursor } from '#shared/infrastructure/dynamodb/cursor.ts';
import { emailKey, stamp, userKey, USERS_INDEX_PARTITION, usersIndexKey } from '#shared/infrastructure/dynamodb/keys.ts';
import { decryptPersonalData, encryptPersonalData, type StoredUser } from './user-item.ts';

export interface DynamoUserRepositoryDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
  cipher: FieldCipher;
}

/** Users in the single table; phone and address are encrypted before they leave the process. */
export const dynamoUserRepository = ({ client, tableName, cipher }: DynamoUserRepositoryDeps): UserRepository => {
  const toItem = async (user: User) => ({
    ...userKey(user.id),
    ...usersIndexKey(user.createdAt, user.id),
    ...stamp('User'),
    ...(await encryptPersonalData(cipher, user)),
  });
  const fromItem = (item: Record<string, unknown>) => decryptPersonalData(cipher, item as StoredUser);

  const getById = async (id: UserId): Promise<User | undefined> => {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: userKey(id), ConsistentRead: true }));
    return Item ? fromItem(Item) : undefined;
  };

  return {
    getById,

    async create(user) {
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: { ...emailKey(user.email), ...stamp('Email'), userId: user.id },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
              { Put: { TableName: tableName, Item: await toItem(user), ConditionExpression: 'attribute_not_exists(PK)' } },
            ],
          }),
        );
      } catch (error) {
        if (error instanceof TransactionCanceledException)
          throw new ConflictError('An account with this email already exists.', { cause: error });
        throw error;
      }
    },

    async getByEmail(email: Email) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: emailKey(email), ConsistentRead: true }));
      return typeof Item?.userId === 'string' ? getById(Item.userId) : undefined;
    },

    async update(user, expectedVersion) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: await toItem(user),
            ConditionExpression: 'attribute_exists(PK) AND #version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': expectedVersion },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        if (!error.Item) throw new NotFoundError('User not found.', { cause: error });
        throw new ConflictError('The user was changed by someone else; retry.', { cause: error });
      }
    },

    async list({ limit, cursor }: ListUsersQuery): Promise<UserPage> {
      const { Items = [], LastEvaluatedKey } = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :users',
          ExpressionAttributeValues: { ':users': USERS_INDEX_PARTITION },
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: decodeCursor(cursor, ['PK', 'SK', 'GSI1PK', 'GSI1SK']),
        }),
      );
      return { items: await Promise.all(Items.map(fromItem)), nextCursor: encodeCursor(LastEvaluatedKey) };
    },
  };
};
