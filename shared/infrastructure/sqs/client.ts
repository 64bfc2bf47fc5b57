import { SQSClient } from '@aws-sdk/client-sqs';
import { tracer } from '#shared/observability/index.ts';
import type { ClientOptions } from '#shared/infrastructure/dynamodb/client.ts';

/** One client per container, like the DynamoDB one. */
export const createSqsClient = ({ region, endpoint }: ClientOptions): SQSClient =>
  tracer.captureAWSv3Client(
    new SQSClient({
      region,
      endpoint,
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
    }),
  );
