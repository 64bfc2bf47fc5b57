import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../../scripts/local/dynamodb-local.ts';
import { freePort } from '../../../scripts/local/ports.ts';
import { startPaymentProviderEmulator } from '../../../scripts/local/payment-provider.ts';
import { startSqsLocal, type SqsLocal } from '../../../scripts/local/sqs-local.ts';
import { publicJwks } from '#shared/infrastructure/tokens/public-jwks.ts';
import { localSigningKeys } from '#shared/infrastructure/tokens/signing-keys.ts';
import { createTokenIssuer } from '#shared/infrastructure/tokens/token-issuer.ts';
import { fakeContext, httpEvent } from '../../../tests/support/lambda.ts';
import type * as HealthDeep from './handler.ts';

// Deep health against emulators of its own, so stopping them cannot disturb any other test.
describe('GET /health/deep when a dependency goes down', () => {
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  let dynamo: DynamoDbLocal;
  let sqs: SqsLocal;
  let provider: Awaited<ReturnType<typeof startPaymentProviderEmulator>>;
  let handler: typeof HealthDeep.handler;
  let token: string;

  beforeAll(async () => {
    dynamo = await startDynamoDbLocal({ port: await freePort(), log: () => undefined });
    sqs = await startSqsLocal({ port: await freePort(), region: 'eu-west-1' });
    provider = await startPaymentProviderEmulator({ port: await freePort() });
    await new DynamoDBClient({ region: 'eu-west-1', endpoint: dynamo.endpoint, credentials }).send(
      new CreateTableCommand({
        TableName: 'orderly-health',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
      }),
    );
    const { QueueUrl } = await new SQSClient({ region: 'eu-west-1', endpoint: sqs.endpoint, credentials }).send(
      new CreateQueueCommand({ QueueName: 'orderly-health' }),
    );
    const keysDir = mkdtempSync(join(tmpdir(), 'orderly-health-'));
    const signingKeysFile = join(keysDir, 'keys.json');
    const jwksFile = join(keysDir, 'public-jwks.json');
    const env = {
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      TABLE_NAME: 'orderly-health',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      SQS_ENDPOINT: sqs.endpoint,
      HEALTH_QUEUE_URL: QueueUrl!,
      PAYMENT_PROVIDER_URL: provider.url,
      HEALTH_CHECK_TIMEOUT_MS: '800',
      JWT_ISSUER: 'https://orderly.test',
      JWT_AUDIENCE: 'orderly-api',
      // The verifier reads the public JWKS only, as every signed-in function does.
      JWKS_FILE: jwksFile,
    };
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const keys = await localSigningKeys(signingKeysFile)();
    writeFileSync(jwksFile, JSON.stringify(publicJwks(keys)));
    token = createTokenIssuer({ keys, issuer: 'https://orderly.test', audience: 'orderly-api', ttlSeconds: 300 }).issue({
      sub: 'admin-1',
      roles: ['admin'],
    }).accessToken;
    ({ handler } = await import('./handler.ts'));
  }, 60_000);

  afterAll(async () => {
    vi.unstubAllEnvs();
    await provider?.stop();
    await sqs?.stop();
    await dynamo?.stop();
  });

  const check = async () => {
    const response = await handler(httpEvent({ path: '/health/deep', headers: { authorization: `Bearer ${token}` } }), fakeContext());
    return { status: response.statusCode, body: JSON.parse(response.body ?? '{}') };
  };

  it('is 200 with every check ok while everything runs', async () => {
    const { status, body } = await check();

    expect(status).toBe(200);
    expect(body.checks).toMatchObject({ dynamodb: { status: 'ok' }, sqs: { status: 'ok' }, paymentProvider: { status: 'ok' } });
  });

  it('is 503 naming the payment provider while it is down', async () => {
    provider.setFaults({ failureRate: 0, timeoutRate: 0, latencyMs: 0, down: true });

    const { status, body } = await check();
    provider.setFaults({ failureRate: 0, timeoutRate: 0, latencyMs: 0, down: false });

    expect(status).toBe(503);
    expect(body.checks).toMatchObject({ dynamodb: { status: 'ok' }, paymentProvider: { status: 'fail' } });
  });

  it('is 503 naming sqs once the SQS emulator stops', async () => {
    await sqs.stop();

    const { status, body } = await check();

    expect(status).toBe(503);
    expect(body).toMatchObject({ status: 'fail', checks: { dynamodb: { status: 'ok' }, sqs: { status: 'fail' } } });
  });

  it('is 503 naming dynamodb once DynamoDB Local stops too, within the check timeout', async () => {
    await dynamo.stop();
    const started = Date.now();

    const { status, body } = await check();

    expect(status).toBe(503);
    expect(body.checks.dynamodb.status).toBe('fail');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
