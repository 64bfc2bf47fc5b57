import { beforeAll, describe, expect, it } from 'vitest';
import { actionsOf, packagedTemplate, statementsOfRole, type Resources } from './template.ts';

// What each identity function may do, exactly: anything more is a least-privilege regression.
const EXPECTED: Record<string, string[]> = {
  RegisterUser: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'kms:GenerateDataKey'],
  LogIn: [
    'dynamodb:DeleteItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'kms:Decrypt',
    'kms:GenerateDataKey',
    'ssm:GetParameter',
  ],
  RefreshSession: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'kms:Decrypt', 'kms:GenerateDataKey', 'ssm:GetParameter'],
  LogOut: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
  GetJwks: ['ssm:GetParameter'],
  GetProfile: ['dynamodb:GetItem', 'kms:Decrypt', 'kms:GenerateDataKey', 'ssm:GetParameter'],
  UpdateProfile: ['dynamodb:GetItem', 'dynamodb:PutItem', 'kms:Decrypt', 'kms:GenerateDataKey', 'ssm:GetParameter'],
  ListUsers: ['dynamodb:Query', 'kms:Decrypt', 'kms:GenerateDataKey', 'ssm:GetParameter'],
  SetRoles: ['dynamodb:GetItem', 'dynamodb:PutItem', 'kms:Decrypt', 'kms:GenerateDataKey', 'ssm:GetParameter'],
  HealthDeep: ['dynamodb:DescribeTable', 'sqs:GetQueueAttributes', 'ssm:GetParameter'],
};

const IGNORED = /^(logs|xray):/;

describe('identity IAM roles (packaged template, stage prod)', () => {
  let resources: Resources;
  beforeAll(() => {
    resources = packagedTemplate('prod');
  });

  it.each(Object.entries(EXPECTED))('%s holds exactly the actions it uses', (name, expected) => {
    const actions = actionsOf(statementsOfRole(resources, `${name}IamRoleLambdaExecution`)).filter((action) => !IGNORED.test(action));

    expect([...new Set(actions)].sort()).toEqual(expected);
  });

  it('scopes the signing-key permission to the stage parameter and KMS to the stack key', () => {
    const statements = statementsOfRole(resources, 'LogInIamRoleLambdaExecution');
    const ssm = statements.find((statement) => actionsOf([statement]).includes('ssm:GetParameter'));
    const kms = statements.find((statement) => actionsOf([statement]).includes('kms:Decrypt'));

    expect(JSON.stringify(ssm?.Resource)).toContain('parameter/orderly/prod/signing-keys');
    expect(kms?.Resource).toEqual({ 'Fn::GetAtt': ['FieldEncryptionKey', 'Arn'] });
  });

  it('scopes the admin user listing to the GSI1 index', () => {
    const [query] = statementsOfRole(resources, 'ListUsersIamRoleLambdaExecution').filter((statement) =>
      actionsOf([statement]).includes('dynamodb:Query'),
    );

    expect(JSON.stringify(query?.Resource)).toContain('GSI1');
  });
});
