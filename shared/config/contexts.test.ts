import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '#shared/config.ts';
import { catalogConfigSchema } from './catalog.ts';
import { identityConfigSchema } from './identity.ts';
import { deepHealthConfigSchema, opsConfigSchema } from './ops.ts';
import { ordersConfigSchema } from './orders.ts';

const base = { STAGE: 'dev', AWS_REGION: 'eu-west-1', TABLE_NAME: 'orderly-dev' };

describe('the context config schemas', () => {
  it.each([
    ['catalog', catalogConfigSchema, base, { CATALOG_CACHE_TTL_SECONDS: 10, CATALOG_PAGE_TTL_SECONDS: 60 }],
    ['orders', ordersConfigSchema, base, {}],
    [
      'identity',
      identityConfigSchema,
      { ...base, RATE_LOGIN_PER_IP: '5/60' },
      { PASSWORD_SCRYPT_LOG_N: 17, RATE_LOGIN_PER_IP: { limit: 5, windowSeconds: 60 } },
    ],
    ['ops', opsConfigSchema, base, { SERVICE_VERSION: '0.0.0' }],
    [
      'deep health',
      deepHealthConfigSchema,
      { ...base, HEALTH_QUEUE_URL: 'http://127.0.0.1:9324/q', PAYMENT_PROVIDER_URL: 'http://127.0.0.1:4010' },
      { HEALTH_CHECK_TIMEOUT_MS: 1_500 },
    ],
  ])('%s extends the base variables and fills its defaults', (_name, schema, env, expected) => {
    expect(loadConfig(schema, env)).toMatchObject({ ...base, ...expected });
  });

  it.each([
    ['TABLE_NAME', catalogConfigSchema, { ...base, TABLE_NAME: undefined }],
    ['TABLE_NAME', ordersConfigSchema, { ...base, TABLE_NAME: undefined }],
    ['RATE_REGISTER_PER_IP', identityConfigSchema, { ...base, RATE_REGISTER_PER_IP: 'ten per hour' }],
    ['HEALTH_QUEUE_URL', deepHealthConfigSchema, { ...base, PAYMENT_PROVIDER_URL: 'http://127.0.0.1:4010' }],
  ])('fails naming %s when it is missing or malformed', (name, schema, env) => {
    expect(() => loadConfig(schema, env)).toThrow(ConfigError);
    expect(() => loadConfig(schema, env)).toThrow(new RegExp(name));
  });
});
