import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// The serverless.yml resolvers decide by the CLI command (`offline`, `package`, `deploy`), read from process.argv
// when serverless loads them: each case runs them in a fresh Node with that command line.
const resolve = (file: string, command: string[], env: Record<string, string> = {}) => {
  const script = `try { console.log(JSON.stringify(require('./infra/${file}')())) } catch (error) { console.log('ERROR ' + error.message) }`;
  const { stdout, stderr } = spawnSync(process.execPath, ['-e', script, 'serverless', ...command], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...env },
  });
  return { out: stdout.trim(), warnings: stderr };
};

describe('infra/local-only.cjs', () => {
  const shell = { SIGNING_KEYS_FILE: '/home/dev/.local/keys/signing-keys.json', DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' };

  it('passes local-only variables to serverless offline', () => {
    expect(JSON.parse(resolve('local-only.cjs', ['offline', 'start'], shell).out)).toEqual(shell);
  });

  it('drops them when packaging, with a warning naming each', () => {
    const { out, warnings } = resolve('local-only.cjs', ['package', '--stage', 'prod'], shell);

    expect(JSON.parse(out)).toMatchObject({ SIGNING_KEYS_FILE: null, DYNAMODB_ENDPOINT: null });
    expect(warnings).toContain('SIGNING_KEYS_FILE');
    expect(warnings).toContain('DYNAMODB_ENDPOINT');
  });

  it('refuses to deploy while one is set, naming it', () => {
    expect(resolve('local-only.cjs', ['deploy', '--stage', 'prod'], shell).out).toMatch(/^ERROR Refusing to deploy: .*SIGNING_KEYS_FILE/);
  });

  it('deploys quietly from a clean shell', () => {
    const { out, warnings } = resolve('local-only.cjs', ['deploy', '--stage', 'prod']);

    expect(out).not.toContain('ERROR');
    expect(warnings).toBe('');
  });
});

describe('infra/cors-origins.cjs, infra/payment-provider-url.cjs, infra/ledger-rpc-url.cjs and infra/ledger-contract.cjs', () => {
  it.each([
    ['cors-origins.cjs', ['offline', 'start'], {}, '["http://localhost:5173"]'],
    [
      'cors-origins.cjs',
      ['package'],
      { CORS_ALLOWED_ORIGINS: 'https://a.example, https://b.example' },
      '["https://a.example","https://b.example"]',
    ],
    ['cors-origins.cjs', ['package'], {}, 'ERROR CORS_ALLOWED_ORIGINS is required'],
    [
      'cors-origins.cjs',
      ['deploy'],
      { CORS_ALLOWED_ORIGINS: 'http://localhost:5173' },
      'ERROR CORS_ALLOWED_ORIGINS must list https origins',
    ],
    ['payment-provider-url.cjs', ['offline', 'start'], { PAYMENT_PROVIDER_URL: 'http://127.0.0.1:4010' }, '"http://127.0.0.1:4010"'],
    [
      'payment-provider-url.cjs',
      ['package'],
      { PAYMENT_PROVIDER_URL: 'http://payments.example' },
      'ERROR PAYMENT_PROVIDER_URL must be an https URL',
    ],
    ['payment-provider-url.cjs', ['package'], { PAYMENT_PROVIDER_URL: 'https://payments.example' }, '"https://payments.example"'],
    ['ledger-rpc-url.cjs', ['offline', 'start'], {}, '"http://127.0.0.1:8545"'],
    ['ledger-rpc-url.cjs', ['invoke', 'local'], { LEDGER_RPC_URL: 'http://127.0.0.1:9545' }, '"http://127.0.0.1:9545"'],
    ['ledger-rpc-url.cjs', ['package'], {}, 'ERROR LEDGER_RPC_URL is required'],
    ['ledger-rpc-url.cjs', ['deploy'], { LEDGER_RPC_URL: 'http://rpc.example' }, 'ERROR LEDGER_RPC_URL must be an https URL'],
    ['ledger-rpc-url.cjs', ['package'], { LEDGER_RPC_URL: 'https://127.0.0.1:8545' }, 'refused: https://127.0.0.1:8545'],
    ['ledger-rpc-url.cjs', ['package'], { LEDGER_RPC_URL: 'https://localhost:8545' }, 'refused: https://localhost:8545'],
    ['ledger-rpc-url.cjs', ['package'], { LEDGER_RPC_URL: 'https://rpc.example/v2/k' }, '"https://rpc.example/v2/k"'],
    ['ledger-contract.cjs', ['offline', 'start'], {}, `"0x${'0'.repeat(40)}"`],
    ['ledger-contract.cjs', ['offline', 'start'], { LEDGER_CONTRACT: `0x${'ab'.repeat(20)}` }, `"0x${'ab'.repeat(20)}"`],
    ['ledger-contract.cjs', ['package'], {}, 'ERROR LEDGER_CONTRACT is required'],
    ['ledger-contract.cjs', ['deploy'], { LEDGER_CONTRACT: `0x${'0'.repeat(40)}` }, `not the zero address; refused: 0x${'0'.repeat(40)}`],
    ['ledger-contract.cjs', ['package'], { LEDGER_CONTRACT: '0x1234' }, 'ERROR LEDGER_CONTRACT must be the 0x-prefixed 20-byte address'],
    ['ledger-contract.cjs', ['package'], { LEDGER_CONTRACT: ` 0x${'Ab'.repeat(20)} ` }, `"0x${'Ab'.repeat(20)}"`],
  ])('%s under `%j` with %j gives %s', (file, command, env, expected) => {
    expect(resolve(file, command, env).out).toContain(expected);
  });
});
