import type { Clock } from '#shared/domain/clock.ts';
import { extractFeatures, type FeatureVector } from '#shared/domain/risk/features.ts';
import type { RiskDecision } from '#shared/domain/risk/model-document.ts';
import type { OrderToScore, RiskInputsReader, ScoreRecord } from '#shared/domain/risk/ports.ts';
import { routeOrder, type RiskVariant, type RoutedVersion } from '#shared/domain/risk/routing.ts';
import type { LoadedModel, ModelCache } from './model-cache.ts';

export const MODEL_UNAVAILABLE = 'model_unavailable';

/** What the risk step records on an order. `score` and `modelVersion` are null only when no model could be used. */
export interface OrderAssessment {
  orderId: string;
  decision: RiskDecision;
  score: number | null;
  modelVersion: number | null;
  variant: RiskVariant;
  reasons: string[];
  /** The challenger's opinion in shadow mode: recorded, never acted on. */
  shadow?: { modelVersion: number; score: number; decision: RiskDecision };
  /** Why no model could be used (missing, invalid, timeout, error, no_routing). */
  unavailable?: string;
  /** When it was scored: with modelVersion and orderId, the key of its score records (labels find them by it). */
  scoredAt: string;
}

export interface AssessOrdersDeps {
  models: ModelCache;
  inputs: RiskInputsReader;
  clock: Clock;
  /** A monotonic clock in ms (performance.now) for latency. */
  elapsedMs: () => number;
}

export interface AssessedBatch {
  assessments: OrderAssessment[];
  /** One record per score computed (deciding and shadow), for the per-version report. */
  records: ScoreRecord[];
  /** Which versions could not be used, and why (for the alarm metric). */
  unavailable: Array<{ version: number | null; problem: string }>;
}

const unavailableAssessment = (orderId: string, routed: RoutedVersion | undefined, problem: string, scoredAt: string): OrderAssessment => ({
  orderId,
  scoredAt,
  decision: 'review',
  score: null,
  modelVersion: routed?.version ?? null,
  variant: routed?.variant ?? 'champion',
  reasons: [MODEL_UNAVAILABLE],
  unavailable: problem,
});

/**
 * Scores a batch of placed orders (the article's BatchPredict): reads each order's inputs (two bounded reads), routes
 * each customer to a model version, scores every version's orders in one vectorised call, and decides. A model that
 * cannot be used gives `review` with `model_unavailable`, never an approval. Reading the inputs may throw: the
 * caller retries those orders.
 */
export const assessOrders = async (deps: AssessOrdersDeps, orders: readonly OrderToScore[]): Promise<AssessedBatch> => {
  const started = deps.elapsedMs();
  const routing = await deps.models.routing().catch(() => undefined);
  if (!routing) {
    const scoredAt = deps.clock.now().toISOString();
    return {
      assessments: orders.map((order) => unavailableAssessment(order.orderId, undefined, 'no_routing', scoredAt)),
      records: [],
      unavailable: [{ version: null, problem: 'no_routing' }],
    };
  }
  const routes = orders.map((order) => routeOrder(routing, order.customerId));
  const versions = [...new Set(routes.flatMap((route) => [route.decider.version, ...(route.shadow ? [route.shadow.version] : [])]))];
  const [loaded, vectors] = await Promise.all([
    Promise.all(versions.map((version) => deps.models.model(version))).then(
      (models) => new Map<number, LoadedModel>(models.map((m) => [m.version, m])),
    ),
    Promise.all(orders.map(async (order) => extractFeatures(await deps.inputs.inputsFor(order)))),
  ]);

  const scores = new Map<number, Map<number, { score: number; decision: RiskDecision; reasons: string[] }>>();
  for (const [version, entry] of loaded) {
    if (!entry.ok) continue;
    const indexes = routes.flatMap((route, i) => (route.decider.version === version || route.shadow?.version === version ? [i] : []));
    const assessed = entry.model.assessBatch(indexes.map((i) => vectors[i] as FeatureVector));
    scores.set(version, new Map(indexes.map((i, n) => [i, assessed[n]!])));
  }
  const latencyUs = Math.round(((deps.elapsedMs() - started) * 1000) / Math.max(1, orders.length));
  const scoredAt = deps.clock.now().toISOString();

  const records: ScoreRecord[] = [];
  const assessments = orders.map((order, i): OrderAssessment => {
    const { decider, shadow } = routes[i]!;
    const decided = scores.get(decider.version)?.get(i);
    const loadedDecider = loaded.get(decider.version)!;
    if (!decided) return unavailableAssessment(order.orderId, decider, loadedDecider.ok ? 'error' : loadedDecider.problem, scoredAt);
    records.push({
      orderId: order.orderId,
      version: decider.version,
      variant: decider.variant,
      shadow: false,
      score: decided.score,
      decision: decided.decision,
      latencyUs,
      scoredAt,
    });
    const assessment: OrderAssessment = {
      orderId: order.orderId,
      scoredAt,
      decision: decided.decision,
      score: decided.score,
      modelVersion: decider.version,
      variant: decider.variant,
      reasons: decided.reasons,
    };
    const challenger = shadow && scores.get(shadow.version)?.get(i);
    if (shadow && challenger) {
      records.push({
        orderId: order.orderId,
        version: shadow.version,
        variant: shadow.variant,
        shadow: true,
        score: challenger.score,
        decision: challenger.decision,
        latencyUs,
        scoredAt,
      });
      assessment.shadow = { modelVersion: shadow.version, score: challenger.score, decision: challenger.decision };
    }
    return assessment;
  });
  const unavailable = [...loaded.values()]
    .filter((m): m is Extract<LoadedModel, { ok: false }> => !m.ok)
    .map((m) => ({ version: m.version, problem: m.problem }));
  return { assessments, records, unavailable };
};
