import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { idempotencyKey } from './keys.ts';

/**
 * Powertools keys every record under one static partition when given a sort key. Overriding `getKey` (the only
 * key builder its get/put/update/delete use) spreads records as ARCHITECTURE §3 lays them out:
 * `IDEMPOTENCY#<prefix>#<hash>` / `IDEMPOTENCY`, with TTL on `expiresAt`.
 */
class SingleTablePersistenceLayer extends DynamoDBPersistenceLayer {
  protected override getKey(key: string) {
    return marshall(idempotencyKey(key));
  }
}

/** The Powertools idempotency store in the single table, one partition per record. */
export const singleTableIdempotencyStore = (client: DynamoDBClient, tableName: string): DynamoDBPersistenceLayer =>
  new SingleTablePersistenceLayer({ tableName, awsSdkV3Client: client, keyAttr: 'PK', sortKeyAttr: 'SK', expiryAttr: 'expiresAt' });
