import { beforeAll, describe, expect, it } from 'vitest';
import { actionsOf, logicalIdOf, ofType, packagedTemplate, statementsOfRole, type Resources, type Statement } from './template.ts';

const IGNORED = /^(logs|xray):/;
type Conditioned = Statement & { Condition?: Record<string, Record<string, string[]>> };
const dataStatements = (resources: Resources, role: string) =>
  (statementsOfRole(resources, role) as Conditioned[]).filter((statement) =>
    actionsOf([statement]).some((action) => !IGNORED.test(action) && !action.startsWith('sqs:')),
  );
const leadingKeys = (statement: Conditioned) => statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];

describe('notifications infrastructure (packaged template, stage prod)', () => {
  let resources: Resources;
  beforeAll(() => {
    resources = packagedTemplate('prod');
  });

  it('declares a WebSocket API routed by the action field, with every route of the contract', () => {
    const [[apiId, api]] = ofType(resources, 'AWS::ApiGatewayV2::Api').filter(
      ([, candidate]) => candidate.Properties.ProtocolType === 'WEBSOCKET',
    ) as [[string, Resources[string]]];
    const routes = ofType(resources, 'AWS::ApiGatewayV2::Route')
      .filter(([, route]) => logicalIdOf(route.Properties.ApiId) === apiId)
      .map(([, route]) => route.Properties.RouteKey);

    expect(api.Properties.RouteSelectionExpression).toBe('$request.body.action');
    expect(routes.sort()).toEqual(['$connect', '$default', '$disconnect', 'ping', 'subscribe', 'unsubscribe']);
  });

  it('throttles every route of the stage, $connect on its own terms', () => {
    const stage = resources.WebsocketsDeploymentStage!.Properties;

    expect(stage.DefaultRouteSettings).toMatchObject({ ThrottlingBurstLimit: expect.any(Number), ThrottlingRateLimit: expect.any(Number) });
    expect(Object.keys(stage.RouteSettings).sort()).toEqual(['$connect', '$default', 'ping', 'subscribe', 'unsubscribe']);
    expect(stage.RouteSettings.$connect.ThrottlingRateLimit).toBeLessThan(stage.DefaultRouteSettings.ThrottlingRateLimit);
  });

  it.each([
    [
      'ConnectIamRoleLambdaExecution',
      ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
      ['TICKET#*', 'CONN#*', 'CONNSLOTS#*', 'CONNECTIONS'],
    ],
    ['DisconnectIamRoleLambdaExecution', ['dynamodb:DeleteItem', 'dynamodb:UpdateItem'], ['CONN#*', 'CONNSLOTS#*', 'CONNECTIONS']],
    ['SubscribeIamRoleLambdaExecution', ['dynamodb:GetItem', 'dynamodb:UpdateItem'], ['CONN#*']],
    ['UnsubscribeIamRoleLambdaExecution', ['dynamodb:UpdateItem'], ['CONN#*']],
  ])('limits %s to the notification items by leading key', (role, actions, keys) => {
    const statements = dataStatements(resources, role);

    expect(statements).toHaveLength(1);
    expect([...actionsOf(statements)].sort()).toEqual(actions);
    expect(logicalIdOf(statements[0]!.Resource)).toBe('Table');
    expect(leadingKeys(statements[0]!)).toEqual(keys);
  });

  it('lets the ticket endpoint write tickets only (and read the signing keys to verify the caller)', () => {
    const statements = dataStatements(resources, 'IssueTicketIamRoleLambdaExecution');

    expect(actionsOf(statements).sort()).toEqual(['dynamodb:PutItem', 'ssm:GetParameter']);
    expect(leadingKeys(statements.find((statement) => actionsOf([statement]).includes('dynamodb:PutItem'))!)).toEqual(['TICKET#*']);
  });

  it('gives ping and $default no data access at all', () => {
    expect(dataStatements(resources, 'PingIamRoleLambdaExecution')).toEqual([]);
    expect(dataStatements(resources, 'DefaultRouteIamRoleLambdaExecution')).toEqual([]);
  });

  it("lets the worker post to this stage's WebSocket connections only, and query the table and its two indexes", () => {
    const statements = dataStatements(resources, 'NotifyOrderUpdatesIamRoleLambdaExecution');
    const manage = statements.find((statement) => actionsOf([statement]).includes('execute-api:ManageConnections'))!;
    const parts = (manage.Resource as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];

    expect(actionsOf([manage])).toEqual(['execute-api:ManageConnections']);
    expect(parts).toContainEqual({ Ref: 'WebsocketsApi' });
    expect(parts.at(-1)).toBe('/prod/POST/@connections/*');
    expect([...new Set(actionsOf(statements))].sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
      'execute-api:ManageConnections',
    ]);
  });

  it('lets the worker send to its own DLQ only', () => {
    const sqs = (statementsOfRole(resources, 'NotifyOrderUpdatesIamRoleLambdaExecution') as Conditioned[]).filter((statement) =>
      actionsOf([statement]).includes('sqs:SendMessage'),
    );

    expect(sqs.map((statement) => logicalIdOf(statement.Resource))).toEqual(['NotificationsDLQ']);
  });

  it('drains the notifications queue with partial batch failures', () => {
    const [, mapping] = Object.entries(resources).find(
      ([, resource]) =>
        resource.Type === 'AWS::Lambda::EventSourceMapping' && logicalIdOf(resource.Properties.EventSourceArn) === 'NotificationsQueue',
    )!;

    expect(mapping.Properties).toMatchObject({ BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    expect(logicalIdOf(mapping.Properties.FunctionName)).toBe('NotifyOrderUpdatesLambdaFunction');
  });
});
