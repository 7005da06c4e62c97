import type { BinnedMatrix } from './histogram.js';

export interface SplitConstraints {
  readonly minSamplesLeaf: number;
  readonly minHessianToSplit: number;
  readonly l2: number;
}

/** The best split of a node: rows with bin <= `bin` of `feature` go left. */
export interface Split {
  readonly gain: number;
  readonly feature: number;
  readonly bin: number;
  readonly leftGradient: number;
  readonly leftHessian: number;
  readonly leftCount: number;
}

/**
 * Scans every feature's bins for the split with the largest gain
 * G_L^2/(H_L+l2) + G_R^2/(H_R+l2) - G^2/(H+l2) (as scikit-learn's, without its
 * constant factor), subject to min_samples_leaf and a minimal hessian per child.
 * Ties keep the first feature and bin, so the result is deterministic. Null when no
 * split has a positive gain.
 */
export function findBestSplit(
  matrix: BinnedMatrix,
  hist: Float64Array,
  sumGradient: number,
  sumHessian: number,
  count: number,
  constraints: SplitConstraints,
): Split | null {
  const { minSamplesLeaf, minHessianToSplit, l2 } = constraints;
  const parentScore = (sumGradient * sumGradient) / (sumHessian + l2);
  let bestGain = 0;
  let best: Split | null = null;
  for (let f = 0; f < matrix.features; f++) {
    const base = matrix.offsets[f]! * 3;
    const last = matrix.bins[f]! - 1;
    let gl = 0;
    let hl = 0;
    let cl = 0;
    for (let b = 0; b < last; b++) {
      const k = base + b * 3;
      gl += hist[k]!;
      hl += hist[k + 1]!;
      cl += hist[k + 2]!;
      if (cl < minSamplesLeaf) continue;
      if (count - cl < minSamplesLeaf) break;
      const hr = sumHessian - hl;
      if (hl < minHessianToSplit || hr < minHessianToSplit) continue;
      const gr = sumGradient - gl;
      const gain = (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2) - parentScore;
      if (gain > bestGain) {
        bestGain = gain;
        best = { gain, feature: f, bin: b, leftGradient: gl, leftHessian: hl, leftCount: cl };
      }
    }
  }
  return best;
}
