import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';

export interface CfnResource {
  Type: string;
  Properties: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export type Resources = Record<string, CfnResource>;

/** What a deployer of any stage must provide (serverless.yml refuses to package without it). */
export const DEPLOY_ENV = {
  CORS_ALLOWED_ORIGINS: 'https://shop.example.com',
  LEDGER_RPC_URL: 'https://rpc.example.com',
  LEDGER_CONTRACT: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
};

export interface PackagedStack {
  template: { Resources: Resources; Outputs?: Record<string, unknown> };
  /** serverless' own output (warnings such as ignored local-only variables). */
  log: string;
}

// `serverless package --stage prod` as a deployer runs it, from a shell that also exported the local stack's
// settings (.env): none of them may reach the template.
export const LOCAL_SHELL: Record<string, string> = {
  SIGNING_KEYS_FILE: '/home/dev/orderly/.local/keys/signing-keys.json',
  JWKS_FILE: '/home/dev/orderly/.local/keys/public-jwks.json',
  FIELD_KEYS_FILE: '/home/dev/orderly/.local/keys/field-keys.json',
  FIELD_KMS_KEY_ID: 'local-field-key',
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
  SQS_ENDPOINT: 'http://127.0.0.1:9324',
  PASSWORD_SCRYPT_LOG_N: '12',
  LEDGER_SIGNER_KEY_FILE: '/home/dev/orderly/.local/ledger/signer.key',
  PAYMENT_PROVIDER_API_KEY: 'local-emulator-key',
  CATALOG_CURSOR_SECRET: 'local-catalog-cursor-secret',
  QUEUE_URL_PAYMENTS: 'http://127.0.0.1:9324/000000000000/orderly-dev-payments',
  WEBSOCKET_MANAGEMENT_ENDPOINT: 'http://127.0.0.1:3001',
};

/** The stages the infra tests read, each packaged once by the project's global setup (tests/setup/infra.ts). */
export const PACKAGED_STAGES: Record<string, Record<string, string | undefined>> = {
  test: DEPLOY_ENV,
  // The deployed shape: every IAM, queue and API assertion reads it (a `dev` deploy differs only in names and in
  // deletion protection, and one packaging fewer saves a minute of every suite run).
  prod: { ...DEPLOY_ENV, ...LOCAL_SHELL },
};

/** Runs `serverless package` for a stage into a temporary folder; rejects with its output when it fails. */
export const packageStack = (stage: string, env: Record<string, string | undefined> = DEPLOY_ENV): Promise<PackagedStack> =>
  new Promise((resolve, reject) => {
    const out = mkdtempSync(join(tmpdir(), `orderly-package-${stage}-`));
    const child = spawn('npx', ['serverless', 'package', '--stage', stage, '--package', out], {
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', ESBUILD_WORK_FOLDER: `.esbuild-package-${stage}`, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) return reject(new Error(`serverless package --stage ${stage} failed (${code ?? signal}):\n${log}`));
      resolve({ template: JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8')), log });
    });
  });

/** The stack the global setup packaged for a stage (see PACKAGED_STAGES). */
export const packagedStack = (stage: string): PackagedStack => {
  const file = inject('packagedStacks')[stage];
  if (!file) throw new Error(`stage ${stage} is not packaged by tests/setup/infra.ts (PACKAGED_STAGES)`);
  return JSON.parse(readFileSync(file, 'utf8')) as PackagedStack;
};

/** The CloudFormation resources of a stage packaged by the global setup. */
export const packagedTemplate = (stage: string): Resources => packagedStack(stage).template.Resources;

export const ofType = (resources: Resources, type: string): Array<[string, CfnResource]> =>
  Object.entries(resources).filter(([, resource]) => resource.Type === type);

/** The logical id behind `{ Fn::GetAtt: [id, attr] }` or `{ Ref: id }`. */
export const logicalIdOf = (value: unknown): string | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const ref = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  return ref.Ref ?? ref['Fn::GetAtt']?.[0];
};

export type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

export const statementsOfRole = (resources: Resources, roleId: string): Statement[] =>
  (resources[roleId]?.Properties.Policies ?? []).flatMap(
    (policy: { PolicyDocument: { Statement: Statement[] } }) => policy.PolicyDocument.Statement,
  );

export const actionsOf = (statements: Statement[]): string[] =>
  statements.flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]));
