import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CfnResource {
  Type: string;
  Properties: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export type Resources = Record<string, CfnResource>;

/** Runs `serverless package` for a stage into a temporary folder and returns the CloudFormation resources. */
export const packageTemplate = (stage: string): Resources => {
  const out = mkdtempSync(join(tmpdir(), `orderly-package-${stage}-`));
  execFileSync('npx', ['serverless', 'package', '--stage', stage, '--package', out], {
    stdio: 'pipe',
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', ESBUILD_WORK_FOLDER: `.esbuild-package-${stage}` },
    timeout: 180_000,
  });
  const template = JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8'));
  return template.Resources as Resources;
};

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
