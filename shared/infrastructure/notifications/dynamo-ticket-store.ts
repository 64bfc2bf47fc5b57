import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TicketStore } from '#shared/domain/notifications/ports.ts';
import { stamp, ticketKey } from '#shared/infrastructure/dynamodb/keys.ts';

// 256 random bits need no salt or slow hash: a digest stops a table reader from replaying a live ticket.
const hashOf = (ticket: string) => createHash('sha256').update(ticket).digest('base64url');
const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** Tickets by hash; consuming is one conditional delete, so a ticket opens one connection at most. */
export const dynamoTicketStore = ({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }): TicketStore => ({
  async save(ticket, claims, expiresAt) {
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...ticketKey(hashOf(ticket)),
          ...stamp('Ticket'),
          userId: claims.userId,
          roles: claims.roles,
          expiresAt: epochSeconds(expiresAt),
          expiresAtIso: expiresAt.toISOString(),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  },

  async consume(ticket, now) {
    try {
      const { Attributes } = await client.send(
        new DeleteCommand({
          TableName: tableName,
          Key: ticketKey(hashOf(ticket)),
          // TTL deletion can lag: the expiry is checked here, not left to TTL.
          ConditionExpression: 'attribute_exists(PK) AND expiresAt > :now',
          ExpressionAttributeValues: { ':now': now.getTime() / 1000 },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return Attributes ? { userId: String(Attributes.userId), roles: (Attributes.roles as string[]) ?? [] } : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  },
});
