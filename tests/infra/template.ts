import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CfnResource {
  Type: string;
  Properties: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export type Resources = Record<string, CfnResource>;

/** What a deployer of any stage must provide (serverless.yml refuses to package without it). */
export const DEPLOY_ENV = { CORS_ALLOWED_ORIGINS: 'https://shop.example.com', LEDGER_RPC_URL: 'https://rpc.example.com' };

export interface PackagedStack {
  template: { Resources: Resources; Outputs?: Record<string, unknown> };
  /** serverless' own output (warnings such as ignored local-only variables). */
  log: string;
}

/** Runs `serverless package` for a stage into a temporary folder; throws with its output when it fails. */
export const packageStack = (stage: string, env: Record<string, string | undefined> = DEPLOY_ENV): PackagedStack => {
  const out = mkdtempSync(join(tmpdir(), `orderly-package-${stage}-`));
  const result = spawnSync('npx', ['serverless', 'package', '--stage', stage, '--package', out], {
    encoding: 'utf8',
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', ESBUILD_WORK_FOLDER: `.esbuild-package-${stage}`, ...env },
    timeout: 420_000,
  });
  const log = `${result.stdout}\n${result.stderr}`;
  if (result.status !== 0) throw new Error(`serverless package --stage ${stage} failed (${result.status ?? result.signal}):\n${log}`);
  const template = JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8'));
  return { template, log };
};

/** Runs `serverless package` for a stage and returns the CloudFormation resources. */
export const packageTemplate = (stage: string): Resources => packageStack(stage).template.Resources;

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
