// API Gateway throttling of the HTTP API (requests per second and burst), from deploy-time configuration: a
// stage-wide default and tighter limits on the routes that cost the most (scrypt) or that abuse targets first.
// Throttled requests get 429 from API Gateway itself, before any Lambda runs; serverless-offline does not throttle,
// so tests/infra/deploy-readiness.test.ts checks the template. Numbers are parsed here: RouteSettings is plain JSON to
// CloudFormation, so a string would reach API Gateway as a string. README "Deploy" lists each variable.
const number = (name, fallback) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
};

module.exports = () => {
  const route = (rate, burst) => ({ ThrottlingRateLimit: rate, ThrottlingBurstLimit: burst });
  const auth = route(number('HTTP_THROTTLE_AUTH_RATE', 10), number('HTTP_THROTTLE_AUTH_BURST', 20));
  return {
    extensions: {
      HttpApiStage: {
        Properties: {
          DefaultRouteSettings: route(number('HTTP_THROTTLE_RATE', 200), number('HTTP_THROTTLE_BURST', 400)),
          RouteSettings: {
            // scrypt at N=2^17: each call costs ~128 MiB and ~0.3 s of CPU.
            'POST /auth/login': auth,
            'POST /auth/register': auth,
            'POST /auth/refresh': auth,
            'POST /auth/logout': auth,
            'POST /orders': route(number('HTTP_THROTTLE_ORDERS_RATE', 20), number('HTTP_THROTTLE_ORDERS_BURST', 40)),
          },
        },
      },
    },
  };
};
