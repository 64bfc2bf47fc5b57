import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '#shared/domain/clock.ts';
import type { RateLimiter, RateRule } from '#shared/domain/identity/ports.ts';
import { RateLimitedError } from '#shared/domain/errors.ts';
import { rateLimitKey, stamp } from '#shared/infrastructure/dynamodb/keys.ts';

// Subjects are emails and IPs: only a digest reaches the table.
const digest = (subject: string) => createHash('sha256').update(subject).digest('base64url').slice(0, 22);

const windowOf = (clock: Clock, rule: RateRule) => {
  const nowSeconds = Math.floor(clock.now().getTime() / 1000);
  const start = nowSeconds - (nowSeconds % rule.windowSeconds);
  return { start, end: start + rule.windowSeconds, nowSeconds };
};

/** Fixed-window counters in the single table: one atomic conditional update per attempt; TTL removes old windows. */
export const dynamoRateLimiter = ({
  client,
  tableName,
  clock,
}: {
  client: DynamoDBDocumentClient;
  tableName: string;
  clock: Clock;
}): RateLimiter => ({
  async consume(scope, subject, rule) {
    const window = windowOf(clock, rule);
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: rateLimitKey(scope, digest(subject), window.start),
          UpdateExpression: 'ADD #count :one SET expiresAt = if_not_exists(expiresAt, :expiresAt), entity = :entity, v = :v',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: {
            ':one': 1,
            ':limit': rule.limit,
            ':expiresAt': window.end + 60,
            ':entity': stamp('RateWindow').entity,
            ':v': 1,
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      throw new RateLimitedError('Too many attempts; try again later.', {
        cause: error,
        retryAfterSeconds: window.end - window.nowSeconds,
      });
    }
  },

  async reset(scope, subject, rule) {
    const window = windowOf(clock, rule);
    await client.send(new DeleteCommand({ TableName: tableName, Key: rateLimitKey(scope, digest(subject), window.start) }));
  },
});
