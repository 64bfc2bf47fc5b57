// A SYNTHETIC order dataset with known fraud patterns, for training and testing the default risk model. No real
// customer or order is in it; every number below is an assumption, written down so that the model's behaviour can be
// traced back to it (docs/risk.md, "The synthetic dataset").
import { HISTORY_LIMIT, WINDOW_MS, type PastOrder, type RiskInputs } from '#shared/domain/risk/features.ts';
import { seededRandom, type Random } from './random.ts';

export const LEGIT_PATTERNS = ['regular', 'new-customer', 'frequent-buyer', 'big-ticket'] as const;
export const FRAUD_PATTERNS = ['resale', 'velocity', 'takeover'] as const;
export type Pattern = (typeof LEGIT_PATTERNS)[number] | (typeof FRAUD_PATTERNS)[number];

export interface Sample {
  inputs: RiskInputs;
  fraud: boolean;
  pattern: Pattern;
}

export interface DatasetOptions {
  seed: number;
  size: number;
  /** Share of fraudulent orders. */
  fraudRate: number;
}

export const DATASET_NAME = 'synthetic-orders-v1';
export const DEFAULT_DATASET: DatasetOptions = { seed: 20260101, size: 20_000, fraudRate: 0.05 };

const LEGIT_MIX = [
  ['regular', 0.6],
  ['new-customer', 0.22],
  ['frequent-buyer', 0.11],
  ['big-ticket', 0.07],
] as const;
const FRAUD_MIX = [
  ['resale', 0.5],
  ['velocity', 0.25],
  ['takeover', 0.25],
] as const;
const DAY = 24 * 60 * 60 * 1000;
const EPOCH = Date.UTC(2026, 0, 1);

interface Shape {
  ageDays: number;
  /** Earlier orders, how many of them in the last 24 h, how many of those cancelled, and their mean total. */
  earlier: number;
  last24h: number;
  cancelled24h: number;
  meanPastTotal: number;
  lines: Array<{ quantity: number; unitPrice: number }>;
  night: boolean;
}

/** Everyday items: around 20.00, rarely above 99.99. */
const cheapPrice = (rng: Random) => Math.round(Math.min(9_999, Math.max(100, rng.logNormal(Math.log(2_000), 0.8))));
/** High-value items: 100.00 to 2,000.00, log-uniform. */
const expensivePrice = (rng: Random) => Math.round(Math.exp(rng.uniform(Math.log(10_000), Math.log(200_000))));
const cheapLines = (rng: Random, count: number, maxQuantity: number) =>
  Array.from({ length: count }, () => ({ quantity: rng.int(1, maxQuantity), unitPrice: cheapPrice(rng) }));
const establishedAge = (rng: Random) => Math.exp(rng.uniform(Math.log(2), Math.log(2_000)));
const newAge = (rng: Random) => rng.uniform(0, 1.5);
/** Legit orders cluster in the day (8 % at night); fraud leans to the night (share given per pattern). */
const dayOrNight = (rng: Random, nightShare: number) => rng.chance(nightShare);

const shapes: Record<Pattern, (rng: Random) => Shape> = {
  regular: (rng) => {
    const earlier = rng.int(1, 30);
    return {
      ageDays: establishedAge(rng),
      earlier,
      last24h: rng.chance(0.15) ? rng.int(1, 3) : 0,
      cancelled24h: rng.chance(0.05) ? 1 : 0,
      meanPastTotal: rng.logNormal(Math.log(4_000), 0.6),
      lines: cheapLines(rng, rng.int(1, 4), 3),
      night: dayOrNight(rng, 0.08),
    };
  },
  'new-customer': (rng) => {
    const lines = cheapLines(rng, rng.int(1, 3), 3);
    // Some new customers do buy one expensive thing.
    if (rng.chance(0.12)) lines.push({ quantity: rng.int(1, 2), unitPrice: expensivePrice(rng) });
    const earlier = rng.chance(0.2) ? rng.int(1, 3) : 0;
    return {
      ageDays: newAge(rng),
      earlier,
      last24h: earlier,
      cancelled24h: earlier > 0 && rng.chance(0.1) ? 1 : 0,
      meanPastTotal: rng.logNormal(Math.log(3_000), 0.6),
      lines,
      night: dayOrNight(rng, 0.1),
    };
  },
  'frequent-buyer': (rng) => {
    // Cafés, offices and resellers with accounts: many orders a day, the odd cancellation, sometimes brand new.
    const last24h = rng.int(2, 20);
    const fresh = rng.chance(0.4);
    return {
      ageDays: fresh ? newAge(rng) : establishedAge(rng),
      earlier: fresh ? last24h : last24h + rng.int(0, 30),
      last24h,
      cancelled24h: rng.int(0, Math.min(8, Math.floor(last24h / 2))),
      meanPastTotal: rng.logNormal(Math.log(5_000), 0.5),
      lines: cheapLines(rng, rng.int(1, 6), 10),
      night: dayOrNight(rng, 0.12),
    };
  },
  'big-ticket': (rng) => {
    const lines = [{ quantity: 1, unitPrice: expensivePrice(rng) }, ...cheapLines(rng, rng.int(0, 2), 2)];
    return {
      ageDays: establishedAge(rng),
      earlier: rng.int(1, 20),
      last24h: 0,
      cancelled24h: 0,
      meanPastTotal: rng.logNormal(Math.log(8_000), 0.8),
      lines,
      night: dayOrNight(rng, 0.08),
    };
  },
  resale: (rng) => {
    // A new account buys many units of high-value items to resell them: usually the first order.
    const lines = Array.from({ length: rng.int(1, 3) }, () => ({
      quantity: rng.chance(0.2) ? rng.int(1, 2) : rng.int(3, 20),
      unitPrice: expensivePrice(rng),
    }));
    const earlier = rng.chance(0.15) ? rng.int(1, 2) : 0;
    return {
      ageDays: newAge(rng),
      earlier,
      last24h: earlier,
      cancelled24h: 0,
      meanPastTotal: rng.logNormal(Math.log(3_000), 0.6),
      lines,
      night: dayOrNight(rng, 0.35),
    };
  },
  velocity: (rng) => {
    // Card testing: a fresh account places order after order, many of them cancelled (declined cards).
    const last24h = rng.int(5, 20);
    const lines = cheapLines(rng, rng.int(1, 2), 2);
    if (rng.chance(0.3)) lines.push({ quantity: rng.int(1, 3), unitPrice: expensivePrice(rng) });
    return {
      ageDays: newAge(rng),
      earlier: last24h,
      last24h,
      cancelled24h: rng.int(2, Math.min(12, last24h)),
      meanPastTotal: rng.logNormal(Math.log(2_000), 0.6),
      lines,
      night: dayOrNight(rng, 0.4),
    };
  },
  takeover: (rng) => {
    // A stolen established account: far above its usual spend, high-value items, often at night.
    const lines = [{ quantity: rng.int(1, 5), unitPrice: expensivePrice(rng) }, ...cheapLines(rng, rng.int(0, 2), 2)];
    return {
      ageDays: establishedAge(rng),
      earlier: rng.int(1, 30),
      last24h: rng.chance(0.2) ? rng.int(1, 3) : 0,
      cancelled24h: 0,
      meanPastTotal: rng.logNormal(Math.log(3_000), 0.5),
      lines,
      night: dayOrNight(rng, 0.5),
    };
  },
};

const iso = (ms: number) => new Date(ms).toISOString();

/** The customer's earlier orders, newest first, consistent with the shape's counts (bounded like the real port). */
const historyOf = (rng: Random, shape: Shape, placedAtMs: number, createdMs: number, id: string): PastOrder[] => {
  const past: PastOrder[] = [];
  for (let n = 0; n < shape.earlier; n += 1) {
    const recent = n < shape.last24h;
    const oldest = Math.max(createdMs, placedAtMs - WINDOW_MS + 1);
    const at = recent ? rng.uniform(oldest, placedAtMs - 1) : rng.uniform(createdMs, Math.max(createdMs, placedAtMs - WINDOW_MS - 1));
    const cancelled = recent && n < shape.cancelled24h;
    const total = Math.max(100, Math.round(shape.meanPastTotal * rng.logNormal(0, 0.4)));
    const updatedAt = cancelled ? rng.uniform(at, placedAtMs - 1) : at;
    past.push({
      id: `${id}-H${n}`,
      placedAt: iso(at),
      updatedAt: iso(updatedAt),
      status: cancelled ? 'CANCELLED' : 'DELIVERED',
      total: { amount: total },
    });
  }
  return past.sort((a, b) => (a.placedAt < b.placedAt ? 1 : a.placedAt > b.placedAt ? -1 : 0)).slice(0, HISTORY_LIMIT);
};

const hourOf = (rng: Random, night: boolean) => (night ? rng.int(0, 5) : rng.int(6, 23));

const sampleOf = (rng: Random, pattern: Pattern, index: number): Sample => {
  const shape = shapes[pattern](rng);
  const day = EPOCH + rng.int(60, 120) * DAY;
  const placedAtMs = day + hourOf(rng, shape.night) * 3_600_000 + rng.int(0, 3_599_999);
  const createdMs = placedAtMs - shape.ageDays * DAY;
  const id = `S${String(index).padStart(6, '0')}`;
  const lines = shape.lines.map((line) => ({ quantity: line.quantity, unitPrice: { amount: line.unitPrice } }));
  const total = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice.amount, 0);
  return {
    inputs: {
      order: { id, placedAt: iso(placedAtMs), lines, total: { amount: total } },
      customerCreatedAt: iso(createdMs),
      history: historyOf(rng, shape, placedAtMs, createdMs, id),
    },
    fraud: (FRAUD_PATTERNS as readonly string[]).includes(pattern),
    pattern,
  };
};

/** `size` orders, `fraudRate` of them fraudulent, drawn from the patterns above. Same options, same dataset. */
export const generateDataset = ({ seed, size, fraudRate }: DatasetOptions): Sample[] => {
  const rng = seededRandom(seed);
  return Array.from({ length: size }, (_, index) => {
    const pattern: Pattern = rng.chance(fraudRate) ? rng.pick(FRAUD_MIX) : rng.pick(LEGIT_MIX);
    return sampleOf(rng, pattern, index);
  });
};
