import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * Test stage only, and deliberately outside the middleware spine: it runs past its timeout (`?mode=timeout`) or throws
 * raw (`?mode=crash`), so the suite can prove that such failures reach the client as API Gateway sends them.
 */
export const handler = async (event: APIGatewayProxyEventV2) => {
  if (event.queryStringParameters?.mode === 'crash') throw new Error('ProbeCrash: internal detail /var/task/secret.mjs');
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  return { statusCode: 200, body: '{"late":true}' };
};
