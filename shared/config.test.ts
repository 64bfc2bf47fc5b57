import { describe, expect, it } from 'vitest';
import { baseConfigSchema, ConfigError, loadConfig } from './config.ts';

const valid = { STAGE: 'dev', AWS_REGION: 'eu-west-1', TABLE_NAME: 'orderly-dev' };

describe('loadConfig', () => {
  it('parses and normalises a valid environment', () => {
    const config = loadConfig(baseConfigSchema, { ...valid, DYNAMODB_ENDPOINT: '' });

    expect(config.DYNAMODB_ENDPOINT).toBeUndefined();
    expect(config.SERVICE_VERSION).toBe('0.0.0');
  });

  it.each([
    ['TABLE_NAME', { ...valid, TABLE_NAME: undefined }],
    ['DYNAMODB_ENDPOINT', { ...valid, DYNAMODB_ENDPOINT: 'not a url' }],
    ['STAGE', { ...valid, STAGE: '' }],
  ])('fails naming %s when it is missing or malformed', (name, env) => {
    expect(() => loadConfig(baseConfigSchema, env)).toThrow(ConfigError);
    expect(() => loadConfig(baseConfigSchema, env)).toThrow(new RegExp(name));
  });
});
