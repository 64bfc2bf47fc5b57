// Held-out metrics of a scorer: ROC AUC and precision / recall at a threshold.

/** Area under the ROC curve by the rank-sum (Mann–Whitney U) formula, ties counted half. */
export const rocAuc = (scores: ArrayLike<number>, labels: readonly boolean[]): number => {
  const order = Array.from({ length: labels.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]!] === scores[order[i]!]) j += 1;
    const rank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t += 1)
      if (labels[order[t]!]) {
        positives += 1;
        rankSum += rank;
      }
    i = j + 1;
  }
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
};

export interface RatesAt {
  threshold: number;
  precision: number;
  recall: number;
  flaggedShare: number;
}

/** Orders with score ≥ threshold are flagged. Precision is 1 when nothing is flagged (no false alarm). */
export const ratesAt = (scores: ArrayLike<number>, labels: readonly boolean[], threshold: number): RatesAt => {
  let flagged = 0;
  let truePositives = 0;
  let positives = 0;
  for (let i = 0; i < labels.length; i += 1) {
    if (labels[i]) positives += 1;
    if (scores[i]! >= threshold) {
      flagged += 1;
      if (labels[i]) truePositives += 1;
    }
  }
  return {
    threshold,
    precision: flagged === 0 ? 1 : truePositives / flagged,
    recall: positives === 0 ? 0 : truePositives / positives,
    flaggedShare: labels.length === 0 ? 0 : flagged / labels.length,
  };
};

/** The lowest threshold on a 0.01 grid whose precision reaches `target` (1 when none does). */
export const thresholdForPrecision = (scores: ArrayLike<number>, labels: readonly boolean[], target: number): number => {
  for (let step = 1; step < 100; step += 1) {
    const threshold = step / 100;
    if (ratesAt(scores, labels, threshold).precision >= target) return threshold;
  }
  return 1;
};
