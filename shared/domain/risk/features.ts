// The risk features: what a model may read about an order. Pure; every value is bounded so that a model never sees
// a number outside the range it was trained on. The table in docs/risk.md mirrors FEATURES (a test keeps them equal).

/** The order being scored, as the order stream has it. Amounts in integer minor units, one currency per order. */
export interface RiskOrder {
  id: string;
  placedAt: string;
  lines: ReadonlyArray<{ quantity: number; unitPrice: { amount: number } }>;
  total: { amount: number };
}

/** One of the customer's other orders, from the customer's order list (newest first, at most HISTORY_LIMIT). */
export interface PastOrder {
  id: string;
  placedAt: string;
  updatedAt: string;
  status: string;
  total: { amount: number };
}

/** Everything the extractor reads: two bounded reads per order (the customer's profile, one page of their orders). */
export interface RiskInputs {
  order: RiskOrder;
  /** When the customer registered; undefined when the profile cannot be found (scored as a brand-new account). */
  customerCreatedAt: string | undefined;
  /** The customer's newest orders (may include the order itself, which is ignored); at most HISTORY_LIMIT are read. */
  history: readonly PastOrder[];
}

/** How many of the customer's orders a port reads per scored order. */
export const HISTORY_LIMIT = 50;
/** A line whose unit price is at least this (minor units: 100.00) counts as high-value. */
export const HIGH_VALUE_UNIT_PRICE = 10_000;
export const WINDOW_MS = 24 * 60 * 60 * 1000;
const DAY_MS = WINDOW_MS;
const MAX_ACCOUNT_AGE_DAYS = 3650;
const MAX_COUNT_24H = 20;
const MAX_LOG2_RATIO = 8;

export interface FeatureSpec {
  name: string;
  type: 'float' | 'integer' | 'boolean';
  min: number;
  max: number;
  meaning: string;
}

/** The documented feature table, in the canonical order (the order of FeatureVector's keys). */
export const FEATURES = [
  {
    name: 'logAccountAgeDays',
    type: 'float',
    min: 0,
    max: Math.log1p(MAX_ACCOUNT_AGE_DAYS),
    meaning: 'ln(1 + days from registration to placing), age clipped to 0..3650; an unknown profile counts as 0 days',
  },
  {
    name: 'ordersLast24h',
    type: 'integer',
    min: 0,
    max: MAX_COUNT_24H,
    meaning: "the customer's other orders placed in the 24 h before this one (clipped at 20)",
  },
  {
    name: 'cancellationsLast24h',
    type: 'integer',
    min: 0,
    max: MAX_COUNT_24H,
    meaning: "the customer's other orders that are CANCELLED and were last updated in the 24 h before this one (clipped at 20)",
  },
  {
    name: 'totalVsHistoryLog2',
    type: 'float',
    min: -MAX_LOG2_RATIO,
    max: MAX_LOG2_RATIO,
    meaning: "log2(this total / mean total of the customer's earlier orders), clipped to -8..8; 0 without earlier orders",
  },
  { name: 'orderTotalLog10', type: 'float', min: 0, max: 8, meaning: 'log10(1 + total in major units), clipped at 8' },
  { name: 'meanQuantityPerLine', type: 'float', min: 1, max: 100, meaning: 'units ordered / number of lines' },
  { name: 'lineCount', type: 'integer', min: 1, max: 50, meaning: 'number of lines' },
  { name: 'highValueShare', type: 'float', min: 0, max: 1, meaning: 'share of the total in lines whose unit price is at least 100.00' },
  { name: 'firstOrder', type: 'boolean', min: 0, max: 1, meaning: '1 when the customer has no earlier order' },
  { name: 'nightOrder', type: 'boolean', min: 0, max: 1, meaning: '1 when placed between 00:00 and 05:59 UTC' },
  {
    name: 'hourOfDay',
    type: 'integer',
    min: 0,
    max: 23,
    meaning: 'UTC hour of placing (not linear in risk: for tree models; the default model uses nightOrder)',
  },
] as const satisfies readonly FeatureSpec[];

export type FeatureName = (typeof FEATURES)[number]['name'];
export const FEATURE_NAMES: readonly FeatureName[] = FEATURES.map((feature) => feature.name);
const KNOWN = new Set<string>(FEATURE_NAMES);
export const isFeatureName = (name: string): name is FeatureName => KNOWN.has(name);

/** One order's features, by name. */
export type FeatureVector = Record<FeatureName, number>;

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** An instant given as ISO text, compared without parsing when it is in toISOString's form (what the table stores). */
interface Instant {
  iso: string;
  ms: number;
}
const instant = (ms: number): Instant => ({ iso: new Date(ms).toISOString(), ms });
const isCanonical = (text: string) =>
  text.length === 24 && text.charCodeAt(23) === 90 && text.charCodeAt(10) === 84 && text.charCodeAt(0) !== 43;
/** -1, 0 or 1 as `text` is before, at or after `at`. */
const compareTo = (text: string, at: Instant): number => {
  if (isCanonical(text)) return text < at.iso ? -1 : text > at.iso ? 1 : 0;
  const ms = Date.parse(text);
  return ms < at.ms ? -1 : ms > at.ms ? 1 : 0;
};
/** In (windowStart, placed]. */
const inWindow = (text: string, windowStart: Instant, placed: Instant) => compareTo(text, windowStart) > 0 && compareTo(text, placed) <= 0;

interface HistorySummary {
  earlier: number;
  earlierTotal: number;
  last24h: number;
  cancelled24h: number;
}

/** One pass over the customer's other orders placed before this one (the order itself and later orders are not history). */
const summariseHistory = (inputs: RiskInputs, placed: Instant): HistorySummary => {
  const windowStart = instant(placed.ms - WINDOW_MS);
  const summary: HistorySummary = { earlier: 0, earlierTotal: 0, last24h: 0, cancelled24h: 0 };
  const history = inputs.history;
  const n = Math.min(history.length, HISTORY_LIMIT);
  for (let i = 0; i < n; i += 1) {
    const past = history[i]!;
    if (past.id === inputs.order.id || compareTo(past.placedAt, placed) > 0) continue;
    summary.earlier += 1;
    summary.earlierTotal += past.total.amount;
    if (compareTo(past.placedAt, windowStart) > 0) summary.last24h += 1;
    if (past.status === 'CANCELLED' && inWindow(past.updatedAt, windowStart, placed)) summary.cancelled24h += 1;
  }
  return summary;
};

/** The features of one order. Pure and total: any well-formed input gives values inside each feature's range. */
export const extractFeatures = (inputs: RiskInputs): FeatureVector => {
  const { order } = inputs;
  const placedAtMs = Date.parse(order.placedAt);
  const history = summariseHistory(inputs, instant(placedAtMs));
  const createdMs = inputs.customerCreatedAt === undefined ? placedAtMs : Date.parse(inputs.customerCreatedAt);
  const ageDays = clamp((placedAtMs - createdMs) / DAY_MS, 0, MAX_ACCOUNT_AGE_DAYS);

  let units = 0;
  let highValue = 0;
  for (const line of order.lines) {
    units += line.quantity;
    if (line.unitPrice.amount >= HIGH_VALUE_UNIT_PRICE) highValue += line.unitPrice.amount * line.quantity;
  }
  const total = order.total.amount;
  const ratio =
    history.earlier > 0 && history.earlierTotal > 0 && total > 0 ? Math.log2(total / (history.earlierTotal / history.earlier)) : 0;
  const hour = new Date(placedAtMs).getUTCHours();
  const lines = Math.max(1, order.lines.length);

  return {
    logAccountAgeDays: Math.log1p(ageDays),
    ordersLast24h: Math.min(MAX_COUNT_24H, history.last24h),
    cancellationsLast24h: Math.min(MAX_COUNT_24H, history.cancelled24h),
    totalVsHistoryLog2: clamp(ratio, -MAX_LOG2_RATIO, MAX_LOG2_RATIO),
    orderTotalLog10: clamp(Math.log10(1 + Math.max(0, total) / 100), 0, 8),
    meanQuantityPerLine: clamp(units / lines, 1, 100),
    lineCount: clamp(order.lines.length, 1, 50),
    highValueShare: total > 0 ? clamp(highValue / total, 0, 1) : 0,
    firstOrder: history.earlier === 0 ? 1 : 0,
    nightOrder: hour < 6 ? 1 : 0,
    hourOfDay: hour,
  };
};
