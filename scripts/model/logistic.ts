// Logistic regression by iteratively reweighted least squares (Newton's method), with a small L2 penalty on the
// coefficients (not the intercept) so that separable features cannot drive a weight to infinity. Deterministic:
// plain loops in a fixed order, no randomness, no parallelism.

export interface LogisticFit {
  intercept: number;
  coefficients: number[];
  mean: number[];
  scale: number[];
  iterations: number;
  converged: boolean;
}

export interface FitOptions {
  /** L2 penalty on the standardised coefficients (scikit-learn's 1 / C). */
  l2: number;
  maxIterations: number;
  /** Stop when no parameter moves by more than this. */
  tolerance: number;
}

export const DEFAULT_FIT: FitOptions = { l2: 1, maxIterations: 50, tolerance: 1e-10 };

/** Column means and (population) standard deviations; a constant column gets scale 1. */
export const standardiser = (rows: readonly Float64Array[], k: number) => {
  const mean = new Array<number>(k).fill(0);
  const scale = new Array<number>(k).fill(0);
  for (const row of rows) for (let j = 0; j < k; j += 1) mean[j]! += row[j]!;
  for (let j = 0; j < k; j += 1) mean[j] = mean[j]! / rows.length;
  for (const row of rows) for (let j = 0; j < k; j += 1) scale[j]! += (row[j]! - mean[j]!) ** 2;
  for (let j = 0; j < k; j += 1) {
    const sd = Math.sqrt(scale[j]! / rows.length);
    scale[j] = sd > 1e-12 ? sd : 1;
  }
  return { mean, scale };
};

/** Solves A x = b for a symmetric positive-definite A (row-major, n×n) by Cholesky. */
export const solveSpd = (a: Float64Array, b: Float64Array, n: number): Float64Array => {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = a[i * n + j]!;
      for (let p = 0; p < j; p += 1) sum -= l[i * n + p]! * l[j * n + p]!;
      if (i === j) {
        if (sum <= 0) throw new Error('matrix is not positive definite');
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j]!;
      }
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    let sum = b[i]!;
    for (let p = 0; p < i; p += 1) sum -= l[i * n + p]! * y[p]!;
    y[i] = sum / l[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i -= 1) {
    let sum = y[i]!;
    for (let p = i + 1; p < n; p += 1) sum -= l[p * n + i]! * x[p]!;
    x[i] = sum / l[i * n + i]!;
  }
  return x;
};

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Fits P(y = 1 | x) = σ(b + Σ w_j (x_j − mean_j) / scale_j). */
export const fitLogistic = (
  rows: readonly Float64Array[],
  labels: readonly number[],
  k: number,
  options: FitOptions = DEFAULT_FIT,
): LogisticFit => {
  const { mean, scale } = standardiser(rows, k);
  const n = k + 1;
  const z = rows.map((row) => {
    const out = new Float64Array(n);
    out[0] = 1;
    for (let j = 0; j < k; j += 1) out[j + 1] = (row[j]! - mean[j]!) / scale[j]!;
    return out;
  });
  const beta = new Float64Array(n);
  let iterations = 0;
  let converged = false;
  while (iterations < options.maxIterations && !converged) {
    iterations += 1;
    const hessian = new Float64Array(n * n);
    const gradient = new Float64Array(n);
    for (let r = 0; r < z.length; r += 1) {
      const x = z[r]!;
      let eta = 0;
      for (let j = 0; j < n; j += 1) eta += beta[j]! * x[j]!;
      const p = sigmoid(eta);
      const w = p * (1 - p);
      const residual = labels[r]! - p;
      for (let i = 0; i < n; i += 1) {
        gradient[i]! += x[i]! * residual;
        for (let j = 0; j <= i; j += 1) hessian[i * n + j]! += w * x[i]! * x[j]!;
      }
    }
    for (let i = 0; i < n; i += 1) for (let j = 0; j < i; j += 1) hessian[j * n + i] = hessian[i * n + j]!;
    for (let i = 1; i < n; i += 1) {
      gradient[i]! -= options.l2 * beta[i]!;
      hessian[i * n + i]! += options.l2;
    }
    const step = solveSpd(hessian, gradient, n);
    let largest = 0;
    for (let i = 0; i < n; i += 1) {
      beta[i]! += step[i]!;
      largest = Math.max(largest, Math.abs(step[i]!));
    }
    converged = largest < options.tolerance;
  }
  return { intercept: beta[0]!, coefficients: Array.from(beta.subarray(1)), mean, scale, iterations, converged };
};
