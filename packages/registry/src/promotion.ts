import { RegistryError } from './errors.js';
import type { RegistryEntry, RegistryState } from './registry-state.js';

export interface PromotionRequest {
  /** Versions that may become production (registered models). */
  readonly candidates: readonly string[];
  /** Metric compared, higher is better (evaluation.primary_metric). */
  readonly primaryMetric: string;
  /** A candidate must beat production by at least this (promotion.min_improvement). */
  readonly minImprovement: number;
}

export type PromotionReason =
  | 'no_production'
  | 'improved'
  | 'below_margin'
  | 'already_production'
  | 'no_candidates';

export interface PromotionDecision {
  readonly promoted: boolean;
  readonly reason: PromotionReason;
  readonly primaryMetric: string;
  readonly minImprovement: number;
  /** The best candidate, or null when no candidate has the metric. */
  readonly candidate: RegistryEntry | null;
  readonly candidateMetric: number | null;
  /** Production before the decision. */
  readonly previous: RegistryEntry | null;
  readonly previousMetric: number | null;
}

// Absorbs binary rounding, so 0.931 - 0.930 counts as an improvement of 0.001.
const EPSILON = 1e-12;

/**
 * Decides whether the best candidate replaces production. The best candidate has the
 * highest primary metric; ties go to the smaller version string, so the choice does
 * not depend on the order of `candidates`. With no production model (or one without
 * the metric) the best candidate is promoted.
 */
export function decidePromotion(
  state: RegistryState,
  request: PromotionRequest,
): PromotionDecision {
  const { primaryMetric, minImprovement } = request;
  if (!primaryMetric || !(minImprovement >= 0)) {
    throw new RegistryError(
      'CHURN_ERR_REGISTRY_BAD_ARGUMENT',
      `promotion needs a metric name and a margin >= 0 (got ${JSON.stringify(primaryMetric)}, ${minImprovement})`,
    );
  }
  const byVersion = new Map(state.models.map((entry) => [entry.version, entry]));
  for (const version of request.candidates) {
    if (!byVersion.has(version)) {
      throw new RegistryError(
        'CHURN_ERR_REGISTRY_UNKNOWN_VERSION',
        `candidate ${version} is not registered`,
      );
    }
  }
  const metricOf = (entry: RegistryEntry | null | undefined): number | null => {
    const value = entry?.metrics[primaryMetric];
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  };
  const ranked = [...new Set(request.candidates)]
    .map((version) => byVersion.get(version)!)
    .filter((entry) => metricOf(entry) !== null)
    .sort((a, b) => metricOf(b)! - metricOf(a)! || (a.version < b.version ? -1 : 1));
  const candidate = ranked[0] ?? null;
  const previous = state.production ? (byVersion.get(state.production.version) ?? null) : null;
  const base = {
    primaryMetric,
    minImprovement,
    candidate,
    candidateMetric: metricOf(candidate),
    previous,
    previousMetric: metricOf(previous),
  };
  if (!candidate) return { ...base, promoted: false, reason: 'no_candidates' };
  if (previous && previous.version === candidate.version) {
    return { ...base, promoted: false, reason: 'already_production' };
  }
  if (base.previousMetric === null) return { ...base, promoted: true, reason: 'no_production' };
  const improvement = base.candidateMetric! - base.previousMetric;
  return improvement >= minImprovement - EPSILON
    ? { ...base, promoted: true, reason: 'improved' }
    : { ...base, promoted: false, reason: 'below_margin' };
}
