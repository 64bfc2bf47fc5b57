import type { SpecDatabase } from '@aws-cdk/service-spec-types';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpec, validateTemplate, type Template } from './cfn-spec.ts';

const queue = { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 1209600 } };
const fn = (properties: Record<string, unknown>) => ({
  Type: 'AWS::Lambda::Function',
  Properties: { Code: { ZipFile: 'x' }, Role: 'arn:aws:iam::1:role/r', Runtime: 'nodejs22.x', Handler: 'h.handler', ...properties },
});

describe('validateTemplate (the CloudFormation resource specification)', () => {
  let db: SpecDatabase;
  beforeAll(async () => {
    db = await loadSpec();
  }, 120_000);

  it('accepts a valid template, intrinsics included', () => {
    const template: Template = {
      Resources: {
        Queue: queue,
        Fn: fn({
          MemorySize: 512,
          Architectures: ['arm64'],
          LoggingConfig: { LogFormat: 'JSON' },
          Environment: { Variables: { QUEUE: { Ref: 'Queue' }, ARN: { 'Fn::GetAtt': ['Queue', 'Arn'] } } },
        }),
      },
    };

    expect(validateTemplate(template, db)).toEqual([]);
  });

  it.each<[string, Template, string]>([
    [
      'an unknown resource type',
      { Resources: { X: { Type: 'AWS::Lambda::Functon', Properties: {} } } },
      'unknown resource type AWS::Lambda::Functon',
    ],
    ['an unknown property', { Resources: { Fn: fn({ Memory: 512 }) } }, 'unknown property Memory'],
    [
      'a missing required property',
      { Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x' } } } },
      'required property Code is missing',
    ],
    ['a wrong property type', { Resources: { Fn: fn({ MemorySize: 'big' }) } }, 'MemorySize: expected an integer'],
    ['a list where an object belongs', { Resources: { Fn: fn({ Environment: [] }) } }, 'Environment: expected an object'],
    ['an unknown nested property', { Resources: { Fn: fn({ Environment: { Vars: {} } }) } }, 'unknown property Vars'],
    ['a Ref to nothing', { Resources: { Fn: fn({ Environment: { Variables: { Q: { Ref: 'Nope' } } } }) } }, 'Ref to unknown resource Nope'],
    [
      'an attribute the type lacks',
      { Resources: { Queue: queue, Fn: fn({ Role: { 'Fn::GetAtt': ['Queue', 'StreamArn'] } }) } },
      'has no attribute StreamArn',
    ],
    [
      'an unknown resource attribute',
      { Resources: { Queue: { ...queue, DeletionPolicyy: 'Retain' } as Template['Resources'][string] } },
      'unknown resource attribute DeletionPolicyy',
    ],
  ])('rejects %s', (_case, template, expected) => {
    expect(validateTemplate(template, db).join('\n')).toContain(expected);
  });
});
