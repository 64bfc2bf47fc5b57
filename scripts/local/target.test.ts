import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandTarget } from './target.ts';

const root = mkdtempSync(join(tmpdir(), 'orderly-target-'));
writeFileSync(join(root, '.env.example'), 'STAGE=dev\nAWS_REGION=eu-west-1\nDYNAMODB_PORT=8000\nSQS_PORT=9324\n');

describe('an operator command target', () => {
  it('points at the local emulators with fixed credentials by default', () => {
    const target = commandTarget({ aws: false }, {}, root);
    expect(target).toMatchObject({
      stage: 'dev',
      tableName: 'orderly-dev',
      region: 'eu-west-1',
      dynamo: { endpoint: 'http://127.0.0.1:8000', credentials: { accessKeyId: 'local' } },
      sqs: { endpoint: 'http://127.0.0.1:9324' },
      providerUrl: 'http://127.0.0.1:4010',
    });
  });

  it('uses the default credential chain and real endpoints with --aws', () => {
    const target = commandTarget({ aws: true, stage: 'prod' }, {}, root);
    expect(target).toMatchObject({ stage: 'prod', tableName: 'orderly-prod', dynamo: {}, sqs: {}, providerUrl: undefined });
    expect(target.dynamo).not.toHaveProperty('endpoint');
  });

  it('lets the real environment override only the variables the files name, plus the listed overrides', () => {
    const processEnv = { DYNAMODB_PORT: '8100', TABLE_NAME: 'mine', SQS_ENDPOINT: 'http://127.0.0.1:9999' };
    expect(commandTarget({ aws: false }, processEnv, root)).toMatchObject({
      tableName: 'orderly-dev',
      dynamo: { endpoint: 'http://127.0.0.1:8100' },
      sqs: { endpoint: 'http://127.0.0.1:9324' },
    });
    expect(commandTarget({ aws: false, overrides: ['TABLE_NAME', 'SQS_ENDPOINT'] }, processEnv, root)).toMatchObject({
      tableName: 'mine',
      sqs: { endpoint: 'http://127.0.0.1:9999' },
    });
  });
});
