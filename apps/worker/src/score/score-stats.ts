export interface ScoreStats {
  readonly rows: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  /** Share of rows with churn_risk strictly above the threshold. */
  readonly shareHighRisk: number;
  readonly highRiskThreshold: number;
}

/**
 * Distribution of scores; quantiles by linear interpolation (numpy's default).
 *
 * @example
 * scoreStats(Float32Array.of(0.1, 0.2, 0.9, 0.8), 0.7).shareHighRisk; // => 0.5
 */
export function scoreStats(scores: ArrayLike<number>, highRiskThreshold: number): ScoreStats {
  if (scores.length === 0) throw new RangeError('scoreStats requires at least one score');
  const sorted = Float64Array.from(scores).sort();
  let sum = 0;
  let high = 0;
  for (let i = 0; i < sorted.length; i++) {
    sum += sorted[i]!;
    if (sorted[i]! > highRiskThreshold) high++;
  }
  return {
    rows: sorted.length,
    mean: sum / sorted.length,
    p50: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    p99: quantile(sorted, 0.99),
    shareHighRisk: high / sorted.length,
    highRiskThreshold,
  };
}

function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
