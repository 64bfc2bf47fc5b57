import { ulid } from 'ulid';
import { batchScorer } from '#shared/application/risk/batch-scorer.ts';
import { modelCache } from '#shared/application/risk/model-cache.ts';
import { recordRiskAssessment } from '#shared/application/orders/record-risk-assessment.ts';
import { loadConfig } from '#shared/config.ts';
import { riskConfigSchema } from '#shared/config/risk.ts';
import type { DeadLetterQueue } from '#shared/domain/messaging/ports.ts';
import type { RecordRetry } from '#shared/middleware/sqs/backoff.ts';
import { systemClock } from '#shared/domain/clock.ts';
import { dynamoOrderRepository } from '#shared/infrastructure/orders/dynamo-order-repository.ts';
import { dynamoModelRegistry } from '#shared/infrastructure/risk/dynamo-model-registry.ts';
import { dynamoAssessedOrderReader, dynamoOrdersToScoreReader } from '#shared/infrastructure/risk/dynamo-order-readers.ts';
import { dynamoRiskInputsReader } from '#shared/infrastructure/risk/dynamo-risk-inputs-reader.ts';
import { dynamoScoreLog } from '#shared/infrastructure/risk/dynamo-score-log.ts';
import { riskMetricsObserver } from '#shared/infrastructure/risk/risk-metrics.ts';
import { sha256Checksum } from '#shared/infrastructure/risk/sha256-checksum.ts';
import { sqsDeadLetterQueue } from '#shared/infrastructure/sqs/dead-letter-queue.ts';
import { sqsMessageVisibility } from '#shared/infrastructure/sqs/message-visibility.ts';
import { routeFor } from '#shared/middleware/http/route.ts';
import { metrics } from '#shared/observability/index.ts';
import { accessTokenVerifier } from './auth.ts';
import { documentClientFor, sqsClientFor } from './aws.ts';
import { once } from './memo.ts';

// The risk composition root: the registry behind a per-container cache, the inputs reader, the score log; and, for
// recording decisions, its own order repository (it never loads the orders context's configuration).
export const riskConfig = loadConfig(riskConfigSchema);
const config = riskConfig;
const tableName = config.TABLE_NAME;

const documents = /* @__PURE__ */ once(async () => documentClientFor(config));
const registry = /* @__PURE__ */ once(async () => dynamoModelRegistry({ client: await documents(), tableName }));

/** What the scoring use cases share: the cached registry, the inputs reader and the clocks. */
export const scoringDeps = /* @__PURE__ */ once(async () => ({
  models: modelCache(await registry(), {
    ttlMs: config.RISK_MODEL_CACHE_TTL_SECONDS * 1000,
    timeoutMs: config.RISK_REGISTRY_TIMEOUT_MS,
    clock: systemClock,
  }),
  inputs: dynamoRiskInputsReader({ client: await documents(), tableName }),
  clock: systemClock,
  elapsedMs: () => performance.now(),
}));

/** The worker's batch scorer: decisions recorded on the order, scores logged per version, metrics per version. */
export const riskWorker = /* @__PURE__ */ once(async () => {
  const orders = {
    orders: dynamoOrderRepository({ client: await documents(), tableName, clock: systemClock }),
    clock: systemClock,
    newId: () => ulid(),
  };
  return batchScorer({
    ...(await scoringDeps()),
    log: dynamoScoreLog({ client: await documents(), tableName }),
    observe: riskMetricsObserver(metrics),
    recordOnOrder: (assessment, correlationId) => recordRiskAssessment(orders, assessment, correlationId),
  });
});

/** The admin routes' dependencies. */
export const riskAdminDeps = /* @__PURE__ */ once(async () => ({
  ...(await scoringDeps()),
  registry: await registry(),
  checksum: sha256Checksum,
  orders: dynamoOrdersToScoreReader({ client: await documents(), tableName }),
  assessed: dynamoAssessedOrderReader({ client: await documents(), tableName }),
  log: dynamoScoreLog({ client: await documents(), tableName }),
}));

/** The risk queue's DLQ, where the worker sends messages it can never process. */
export const riskDeadLetters = /* @__PURE__ */ once(async (): Promise<DeadLetterQueue> =>
  sqsDeadLetterQueue(sqsClientFor(config), config.RISK_DLQ_URL!),
);

/** Per-record backoff on the risk queue (a lost race or a throttled table comes back in seconds). */
export const riskRetry: RecordRetry | undefined = config.QUEUE_URL_RISK
  ? {
      visibility: /* @__PURE__ */ once(async () => sqsMessageVisibility(sqsClientFor(config), config.QUEUE_URL_RISK!)),
      schedule: { baseSeconds: config.SQS_RETRY_BASE_SECONDS, maxSeconds: config.SQS_RETRY_MAX_SECONDS },
    }
  : undefined;

/** Every risk route is admin-only. */
export const riskRoute = /* @__PURE__ */ routeFor({ verifier: accessTokenVerifier });
