import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from '#shared/observability/index.ts';
import { logCapacity } from './capacity-log.ts';

export interface ClientOptions {
  region: string;
  endpoint?: string | undefined;
  /** Calls slower than this log a warning (default 250 ms). */
  slowMs?: number;
  /** Only for local tools; functions use the execution role's credentials. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** One client per container: keep-alive connections, short timeouts, bounded SDK retries, traced, capacity logged. */
export const createDynamoBaseClient = ({ region, endpoint, credentials, slowMs = 250 }: ClientOptions): DynamoDBClient => {
  const client = tracer.captureAWSv3Client(
    new DynamoDBClient({
      region,
      endpoint,
      credentials,
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
    }),
  );
  logCapacity(client, { slowMs });
  return client;
};

/** The document client over a base client, so one base client (and its connections) can be shared. */
export const documentClientOf = (client: DynamoDBClient): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });

export const createDynamoClient = (options: ClientOptions): DynamoDBDocumentClient => documentClientOf(createDynamoBaseClient(options));
