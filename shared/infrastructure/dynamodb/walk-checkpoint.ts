import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { stamp, type Entity } from './keys.ts';

/**
 * The position a walk of an index partition has settled up to (a sort key: everything at or before it is done for
 * that walk). The order-ledger walks keep one each: the payment-deadline sweep, the reconciler, the ledger's intake.
 */
export interface WalkCheckpoint {
  client: DynamoDBDocumentClient;
  tableName: string;
  key: { PK: string; SK: string };
  entity: Entity;
}

export const readWalkCheckpoint = async ({ client, tableName, key }: WalkCheckpoint): Promise<string | undefined> => {
  const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return typeof Item?.position === 'string' ? Item.position : undefined;
};

/** Moves the checkpoint forward only: a slower run that saw less never moves it back. */
export const moveWalkCheckpoint = async ({ client, tableName, key, entity }: WalkCheckpoint, position: string): Promise<void> => {
  try {
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...key, ...stamp(entity), position },
        ConditionExpression: 'attribute_not_exists(PK) OR #position < :position',
        ExpressionAttributeNames: { '#position': 'position' },
        ExpressionAttributeValues: { ':position': position },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
};
