import type { RiskInputs } from './features.ts';
import type { RiskDecision, RiskModelDocument, RiskModelMetrics } from './model-document.ts';
import type { RiskRouting, RiskVariant } from './routing.ts';

/** A published model version as the registry lists it. */
export interface ModelSummary {
  version: number;
  name: string;
  format: string;
  /** sha256 of the canonical JSON of the document, hex. */
  checksum: string;
  createdAt: string;
  metrics: RiskModelMetrics | null;
}

export interface StoredModel extends ModelSummary {
  document: RiskModelDocument;
}

/** Immutable model versions and the one routing item. Versions are numbered 1, 2, ... by the registry. */
export interface ModelRegistry {
  /** Stores the document under the next version; never overwrites one. */
  publish(document: RiskModelDocument, meta: { checksum: string; createdAt: string }): Promise<ModelSummary>;
  list(): Promise<ModelSummary[]>;
  /** undefined when the version does not exist (or its item was removed). */
  get(version: number): Promise<StoredModel | undefined>;
  getRouting(): Promise<RiskRouting | undefined>;
  putRouting(routing: RiskRouting): Promise<void>;
}

/** The order as the risk step receives it (from OrderPlaced). */
export interface OrderToScore {
  orderId: string;
  customerId: string;
  placedAt: string;
  lines: ReadonlyArray<{ quantity: number; unitPrice: { amount: number } }>;
  total: { amount: number };
}

/** What the feature extractor needs about one order: the customer's profile and one page of their orders. */
export interface RiskInputsReader {
  inputsFor(order: OrderToScore): Promise<RiskInputs>;
}

/** One scored (or shadow-scored) order, kept per model version for the report. */
export interface ScoreRecord {
  orderId: string;
  version: number;
  variant: RiskVariant;
  /** true when the score was recorded but did not decide (shadow). */
  shadow: boolean;
  score: number;
  decision: RiskDecision;
  /** Feature extraction + scoring time attributed to this order, microseconds. */
  latencyUs: number;
  scoredAt: string;
  /** Ground truth, once labelled. */
  fraud?: boolean;
}

/** Per-version score records, queryable by time, labelled afterwards. */
export interface ScoreLog {
  record(records: readonly ScoreRecord[]): Promise<void>;
  /** The version's records scored at or after `since`, at most `limit`. */
  since(version: number, since: string, limit: number): Promise<ScoreRecord[]>;
  /** Sets the label on an order's records (found by the keys the records were written under). */
  label(records: ReadonlyArray<Pick<ScoreRecord, 'version' | 'scoredAt' | 'orderId'>>, fraud: boolean): Promise<void>;
}

/** Orders as the admin batch scorer reads them; unknown ids are absent. */
export interface OrdersToScoreReader {
  getMany(orderIds: readonly string[]): Promise<Map<string, OrderToScore>>;
}

/** Where an order's risk assessments were recorded, for labelling; undefined for an unknown order. */
export interface AssessedOrderReader {
  scoreKeysOf(orderId: string): Promise<Array<Pick<ScoreRecord, 'version' | 'scoredAt' | 'orderId'>> | undefined>;
}
