import { beforeAll, describe, expect, it } from 'vitest';
import { actionsOf, ofType, packagedTemplate, statementsOfRole, type Resources, type Statement } from './template.ts';

const IGNORED = /^(logs|xray):/;
const servicesOf = (statements: Statement[]) =>
  [
    ...new Set(
      actionsOf(statements)
        .filter((action) => !IGNORED.test(action))
        .map((action) => action.split(':')[0]),
    ),
  ].sort();
const dynamoActions = (statements: Statement[]) =>
  [...new Set(actionsOf(statements).filter((action) => action.startsWith('dynamodb:')))].sort();
const json = (value: unknown) => JSON.stringify(value);

describe('ledger infrastructure (packaged template, stage prod)', () => {
  let resources: Resources;
  beforeAll(() => {
    resources = packagedTemplate('prod');
  });

  it.each([
    [
      'AnchorEvents',
      ['dynamodb:BatchGetItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
      ['dynamodb', 'ssm'],
    ],
    ['ListenAnchors', ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], ['dynamodb']],
    ['GetOrderProof', ['dynamodb:GetItem', 'dynamodb:Query'], ['dynamodb', 'ssm']],
    ['ListAnchors', ['dynamodb:Query'], ['dynamodb', 'ssm']],
  ])('gives %s only the table actions it performs and no other service', (fn, actions, services) => {
    const statements = statementsOfRole(resources, `${fn}IamRoleLambdaExecution`);

    expect(dynamoActions(statements)).toEqual(actions);
    expect(servicesOf(statements)).toEqual(services);
    const unbounded = statements.filter((statement) => [statement.Resource].flat().includes('*'));
    expect(actionsOf(unbounded).filter((action) => action.startsWith('dynamodb:'))).toEqual([]);
    expect(json(statements)).not.toMatch(/dynamodb:\*|dynamodb:Scan/);
  });

  it('lets only the anchor worker read the signer key, and only that parameter', () => {
    const anchor = statementsOfRole(resources, 'AnchorEventsIamRoleLambdaExecution').filter((statement) =>
      actionsOf([statement]).includes('ssm:GetParameter'),
    );

    expect(json(anchor)).toContain('ledger-signer-key');
    for (const fn of ['ListenAnchors', 'GetOrderProof', 'ListAnchors'])
      expect(json(statementsOfRole(resources, `${fn}IamRoleLambdaExecution`))).not.toContain('ledger-signer-key');
  });

  it('runs the anchor worker and the listener on a schedule, one invocation at a time, and never puts a key in their environment', () => {
    const rules = ofType(resources, 'AWS::Events::Rule').map(([, rule]) => json(rule.Properties));
    const functions = Object.fromEntries(ofType(resources, 'AWS::Lambda::Function').map(([id, fn]) => [id, fn.Properties]));

    expect(rules.filter((rule) => rule.includes('rate(1 minute)')).length).toBeGreaterThanOrEqual(2);
    for (const id of ['AnchorEventsLambdaFunction', 'ListenAnchorsLambdaFunction']) {
      expect(functions[id]).toMatchObject({ ReservedConcurrentExecutions: 1 });
      const environment = json(functions[id]!.Environment);
      expect(environment).toContain('LEDGER_SIGNER_KEY_PARAMETER');
      expect(environment).not.toMatch(/0x[0-9a-fA-F]{64}/);
    }
  });

  it('alarms on the age of the oldest unanchored event (missing data breaches) and on anchor conflicts', () => {
    const alarms = ofType(resources, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);

    expect(alarms).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Namespace: 'Orderly', MetricName: 'OldestUnanchoredEventAge', TreatMissingData: 'breaching' }),
        expect.objectContaining({ Namespace: 'Orderly', MetricName: 'AnchorConflicts', Threshold: 0 }),
      ]),
    );
  });

  it('routes the proof and the anchors list', () => {
    const routes = ofType(resources, 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties.RouteKey);

    expect(routes).toEqual(expect.arrayContaining(['GET /orders/{id}/proof', 'GET /admin/ledger/anchors']));
  });
});
