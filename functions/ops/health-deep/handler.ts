import * as z from 'zod';
import { healthDeep } from '#shared/application/ops/health-deep.ts';
import { baseConfigSchema, loadConfig } from '#shared/config.ts';
import { createDynamoClient } from '#shared/infrastructure/dynamodb/client.ts';
import { dynamoTableCheck, paymentProviderCheck, sqsQueueCheck } from '#shared/infrastructure/ops/health-checks.ts';
import { createSqsClient } from '#shared/infrastructure/sqs/client.ts';
import { accessTokenVerifier } from '#shared/composition/auth.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

const config = loadConfig(
  baseConfigSchema.extend({
    HEALTH_QUEUE_URL: z.url(),
    PAYMENT_PROVIDER_URL: z.url(),
    HEALTH_CHECK_TIMEOUT_MS: z.coerce.number().int().min(50).max(5_000).default(1_500),
  }),
);
const clientOptions = { region: config.AWS_REGION };
const checks = [
  dynamoTableCheck(createDynamoClient({ ...clientOptions, endpoint: config.DYNAMODB_ENDPOINT }), config.TABLE_NAME),
  sqsQueueCheck(createSqsClient({ ...clientOptions, endpoint: config.SQS_ENDPOINT }), config.HEALTH_QUEUE_URL),
  paymentProviderCheck(config.PAYMENT_PROVIDER_URL),
];

export const handler = httpRoute({ auth: 'ops:health-deep', verifier: accessTokenVerifier, corsOrigins: config.CORS_ALLOWED_ORIGINS }, async () => {
  const report = await healthDeep({ checks, timeoutMs: config.HEALTH_CHECK_TIMEOUT_MS });
  return { status: report.status === 'ok' ? 200 : 503, body: report, headers: { 'cache-control': 'no-store' } };
});
