import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpec, validateTemplate } from './cfn-spec.ts';
import { markdownTable, permissionTable, wideningsOf, type PermissionTable } from './permissions.ts';
import {
  actionsOf,
  DEPLOY_ENV,
  LOCAL_SHELL,
  ofType,
  packagedStack,
  packageStack,
  statementsOfRole,
  type PackagedStack,
  type Statement,
} from './template.ts';

/** The permission table as reviewed; a role granting anything more fails. Regenerate with UPDATE_PERMISSIONS=1. */
const EXPECTED_PERMISSIONS = 'tests/infra/permissions.expected.json';

/** The functions that issue access tokens: the only ones that may read the private signing keys. */
const ISSUERS = ['LogInIamRoleLambdaExecution', 'RefreshSessionIamRoleLambdaExecution'];

describe('deploy readiness (packaged template, stage prod)', () => {
  let stack: PackagedStack;
  beforeAll(() => {
    stack = packagedStack('prod');
  });

  it.each(Object.entries(LOCAL_SHELL))('leaves the local-only %s out of the template, saying so', (name, value) => {
    const valuesOfName = ofType(stack.template.Resources, 'AWS::Lambda::Function').map(
      ([, fn]) => (fn.Properties.Environment?.Variables ?? {})[name] as unknown,
    );

    if (value.length > 4) expect(JSON.stringify(stack.template)).not.toContain(value);
    expect(valuesOfName).not.toContain(value);
    expect(stack.log).toContain(name);
  });

  it('deploys scrypt at full cost whatever the shell says', () => {
    const logIn = stack.template.Resources.LogInLambdaFunction;

    expect(logIn?.Properties.Environment.Variables.PASSWORD_SCRYPT_LOG_N).toBe('17');
  });

  it('hands the payments worker the name of the provider key SecureString, never a key', () => {
    const variables = stack.template.Resources.ProcessPaymentsLambdaFunction?.Properties.Environment.Variables as Record<string, unknown>;

    expect(variables.PAYMENT_PROVIDER_API_KEY_PARAMETER).toBe('/orderly/prod/payment-provider-api-key');
    expect(variables.PAYMENT_PROVIDER_API_KEY).toBe('');
  });

  it('hands the public list the name of the cursor secret SecureString, and only the list may read it', () => {
    const variables = stack.template.Resources.ListProductsLambdaFunction?.Properties.Environment.Variables as Record<string, unknown>;
    const readers = ofType(stack.template.Resources, 'AWS::IAM::Role')
      .filter(([id]) => JSON.stringify(statementsOfRole(stack.template.Resources, id)).includes('/catalog-cursor-secret'))
      .map(([id]) => id);

    expect(variables.CATALOG_CURSOR_SECRET_PARAMETER).toBe('/orderly/prod/catalog-cursor-secret');
    expect(variables.CATALOG_CURSOR_SECRET).toBe('');
    expect(variables.CATALOG_CACHED_PAGES).toBe('5');
    expect(readers).toEqual(['ListProductsIamRoleLambdaExecution']);
  });

  it("hands the ledger functions the deployer's chain node, never the local one", () => {
    const urls = ['AnchorEvents', 'ListenAnchors', 'GetOrderProof'].map(
      (name) => stack.template.Resources[`${name}LambdaFunction`]?.Properties.Environment.Variables.LEDGER_RPC_URL as unknown,
    );

    expect(urls).toEqual([DEPLOY_ENV.LEDGER_RPC_URL, DEPLOY_ENV.LEDGER_RPC_URL, DEPLOY_ENV.LEDGER_RPC_URL]);
  });

  it("hands the ledger functions the deployer's contract address, never the zero address", () => {
    const contracts = ['AnchorEvents', 'ListenAnchors', 'GetOrderProof'].map(
      (name) => stack.template.Resources[`${name}LambdaFunction`]?.Properties.Environment.Variables.LEDGER_CONTRACT as unknown,
    );

    expect(contracts).toEqual([DEPLOY_ENV.LEDGER_CONTRACT, DEPLOY_ENV.LEDGER_CONTRACT, DEPLOY_ENV.LEDGER_CONTRACT]);
  });

  it('matches the official CloudFormation resource specification', async () => {
    const spec = await loadSpec();

    expect(validateTemplate(stack.template, spec)).toEqual([]);
  }, 300_000);

  it('grants no function more than the reviewed permission table (printed to .artifacts/permissions.md)', () => {
    const actual = permissionTable(stack.template.Resources);
    mkdirSync('.artifacts', { recursive: true });
    writeFileSync('.artifacts/permissions.md', `${markdownTable(actual)}\n`);
    if (process.env.UPDATE_PERMISSIONS === '1' || !existsSync(EXPECTED_PERMISSIONS)) {
      writeFileSync(EXPECTED_PERMISSIONS, `${JSON.stringify(actual, null, 2)}\n`);
    }
    const expected = JSON.parse(readFileSync(EXPECTED_PERMISSIONS, 'utf8')) as PermissionTable;

    expect(wideningsOf(actual, expected)).toEqual([]);
  });

  it.each(['ListProducts', 'GetProduct'])('lets the public %s write nothing but catalog cache items', (name) => {
    // Per statement on the table: reads may reach products, writes only the cache partition.
    const statements = statementsOfRole(stack.template.Resources, `${name}IamRoleLambdaExecution`) as (Statement & {
      Condition?: Record<string, Record<string, unknown>>;
    })[];
    const onTable = statements
      .filter((statement) => actionsOf([statement]).some((action) => action.startsWith('dynamodb:')))
      .filter((statement) => !JSON.stringify(statement.Resource).includes('index'))
      .map((statement) => ({
        writes: actionsOf([statement]).some((action) => /:(Put|Update|Delete|BatchWrite)/.test(action)),
        keys: statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'],
      }));

    expect(onTable.length).toBeGreaterThan(0);
    expect(onTable.filter((statement) => statement.writes).map((statement) => statement.keys)).toEqual(
      onTable.filter((statement) => statement.writes).map(() => ['CACHE#CATALOG']),
    );
    expect(onTable.filter((statement) => !statement.writes).map((statement) => statement.keys)).toEqual(
      onTable.filter((statement) => !statement.writes).map(() => ['PRODUCT#*']),
    );
  });

  it('throttles the HTTP API stage, and the scrypt and order routes more tightly', () => {
    const stage = stack.template.Resources.HttpApiStage?.Properties;

    expect(stage?.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 });
    expect(stage?.RouteSettings['POST /auth/login']).toEqual({ ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 });
    expect(stage?.RouteSettings['POST /orders']).toEqual({ ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 });
    for (const route of Object.keys(stage?.RouteSettings ?? {})) {
      expect(stack.template.Resources, route).toSatisfy((resources: typeof stack.template.Resources) =>
        ofType(resources, 'AWS::ApiGatewayV2::Route').some(([, r]) => r.Properties.RouteKey === route),
      );
    }
  });

  it.each(['RegisterUser', 'LogIn'])('reserves concurrency for the scrypt function %s', (name) => {
    expect(stack.template.Resources[`${name}LambdaFunction`]?.Properties.ReservedConcurrentExecutions).toBe(10);
  });

  it('has no test-stage probe in a deployed stage', () => {
    const names = Object.keys(stack.template.Resources).filter((id) => /probe/i.test(id));

    expect(names).toEqual([]);
  });

  it('lets only the token issuers read the private signing keys', () => {
    const readers = ofType(stack.template.Resources, 'AWS::IAM::Role')
      .filter(([id]) => JSON.stringify(statementsOfRole(stack.template.Resources, id)).includes('/signing-keys'))
      .map(([id]) => id);

    expect(readers.sort()).toEqual(ISSUERS);
  });

  it('gives every verifier the public JWKS parameter and nothing else of SSM but its own secrets', () => {
    const ssmResources = ofType(stack.template.Resources, 'AWS::IAM::Role').flatMap(([id]) =>
      statementsOfRole(stack.template.Resources, id)
        .filter((statement) => JSON.stringify(statement.Action).includes('ssm:'))
        .map((statement) => ({ id, resource: JSON.stringify(statement.Resource), action: statement.Action })),
    );

    for (const { id, resource, action } of ssmResources) {
      expect(action, id).toEqual(['ssm:GetParameter']);
      expect(resource, id).toMatch(
        /parameter\/orderly\/prod\/(jwks|signing-keys|ledger-signer-key|payment-provider-api-key|catalog-cursor-secret)"/,
      );
    }
    const jwksReaders = ssmResources.filter(({ resource }) => resource.includes('/jwks')).map(({ id }) => id);
    expect(jwksReaders).toEqual(expect.arrayContaining(['GetJwksIamRoleLambdaExecution', 'PlaceOrderIamRoleLambdaExecution']));
    expect(jwksReaders).not.toEqual(expect.arrayContaining(ISSUERS.slice(0, 1)));
  });
});

describe('packaging refuses an incomplete deploy configuration', () => {
  it.each([
    ['without CORS origins', {}, 'CORS_ALLOWED_ORIGINS is required'],
    ['with a plain-http CORS origin', { CORS_ALLOWED_ORIGINS: 'http://localhost:5173' }, 'refused: http://localhost:5173'],
    ['with a wildcard CORS origin', { CORS_ALLOWED_ORIGINS: 'https://*.example.com' }, 'refused: https://*.example.com'],
    [
      'with a plain-http payment provider',
      { ...DEPLOY_ENV, PAYMENT_PROVIDER_URL: 'http://payments.example.com' },
      'PAYMENT_PROVIDER_URL must be an https URL',
    ],
    ['without a chain node for the ledger', { ...DEPLOY_ENV, LEDGER_RPC_URL: undefined }, 'LEDGER_RPC_URL is required'],
    ['with the local chain node', { ...DEPLOY_ENV, LEDGER_RPC_URL: 'http://127.0.0.1:8545' }, 'LEDGER_RPC_URL must be an https URL'],
    ['without the ledger contract', { ...DEPLOY_ENV, LEDGER_CONTRACT: undefined }, 'LEDGER_CONTRACT is required'],
    ['with the zero address as ledger contract', { ...DEPLOY_ENV, LEDGER_CONTRACT: `0x${'0'.repeat(40)}` }, 'not the zero address'],
  ])(
    'fails %s, naming the variable',
    async (_case, env, message) => {
      await expect(
        packageStack('prod', { CORS_ALLOWED_ORIGINS: undefined, LEDGER_RPC_URL: undefined, LEDGER_CONTRACT: undefined, ...env }),
      ).rejects.toThrow(message);
    },
    120_000,
  );
});
