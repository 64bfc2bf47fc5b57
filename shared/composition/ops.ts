import type { HealthDeepDeps } from '#shared/application/ops/health-deep.ts';
import { loadConfig } from '#shared/config.ts';
import { deepHealthConfigSchema, opsConfigSchema } from '#shared/config/ops.ts';
import { docsAssetReader } from '#shared/infrastructure/ops/docs-assets.ts';
import { dynamoTableCheck, paymentProviderCheck, sqsQueueCheck } from '#shared/infrastructure/ops/health-checks.ts';
import openApiDocument from '../../docs/openapi.json' with { type: 'json' };
import { routeFor } from '#shared/middleware/http/route.ts';
import { accessTokenVerifier } from './auth.ts';
import { documentClientFor, sqsClientFor } from './aws.ts';
import { once } from './memo.ts';
import { systemClock } from '#shared/domain/clock.ts';

// The operations composition root: health, the API reference, the catch-all 404 and the test-stage probes.
export const opsConfig = loadConfig(opsConfigSchema);

/**
 * What the deep health check probes, and for how long. Only healthDeep has HEALTH_QUEUE_URL, so these variables
 * are parsed here, on first use, rather than at every ops function's cold start (as `signingKeys` does for JWT_*).
 */
export const deepHealthDeps = /* @__PURE__ */ once(async (): Promise<HealthDeepDeps> => {
  const config = loadConfig(deepHealthConfigSchema);
  const checks = [
    dynamoTableCheck(documentClientFor(config), config.TABLE_NAME),
    sqsQueueCheck(sqsClientFor(config), config.HEALTH_QUEUE_URL),
    paymentProviderCheck(config.PAYMENT_PROVIDER_URL),
  ];
  return { checks, timeoutMs: config.HEALTH_CHECK_TIMEOUT_MS };
});

/** The shallow health check: the clock and the build this function runs. */
export const healthDeps = /* @__PURE__ */ once(async () => ({ clock: systemClock, version: opsConfig.SERVICE_VERSION }));

/** The signed-in operations routes (deep health). */
export const opsRoute = /* @__PURE__ */ routeFor({ verifier: accessTokenVerifier });

/** The API reference: the OpenAPI document bundled at build time, and the vendored renderer's files on disk. */
export const docsDeps = /* @__PURE__ */ once(async () => ({ assets: docsAssetReader() }));
export const openApiDeps = /* @__PURE__ */ once(async () => ({ document: JSON.stringify(openApiDocument) }));
