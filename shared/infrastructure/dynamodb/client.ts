import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from '#shared/observability/index.ts';

export interface ClientOptions {
  region: string;
  endpoint?: string | undefined;
  /** Only for local tools; functions use the execution role's credentials. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** One client per container: keep-alive connections, short timeouts, bounded SDK retries, traced. */
export const createDynamoClient = ({ region, endpoint, credentials }: ClientOptions): DynamoDBDocumentClient => {
  const client = tracer.captureAWSv3Client(
    new DynamoDBClient({
      region,
      endpoint,
      credentials,
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
    }),
  );
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
};
