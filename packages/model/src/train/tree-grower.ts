import type { RegressionTree } from '../params.js';
import { type BinnedMatrix, subtractHistogram } from './histogram.js';
import type { InKernelMemory } from './kernel-memory.js';
import { findBestSplit, type Split, type SplitConstraints } from './split-finder.js';
import type { TreeThreads } from './tree-threads.js';

export interface TreeOptions extends SplitConstraints {
  readonly maxLeafNodes: number;
  readonly maxDepth: number;
  readonly learningRate: number;
}

/** A split node of the finished tree: x[feature] <= threshold goes to `left`. */
interface Branch {
  readonly feature: number;
  readonly threshold: number;
  readonly left: number;
  readonly right: number;
  readonly gain: number;
}

interface GrowingNode {
  readonly id: number;
  readonly start: number;
  readonly end: number;
  readonly depth: number;
  readonly sumGradient: number;
  readonly sumHessian: number;
  hist: InKernelMemory<Float64Array> | null;
  split: Split | null;
}

/**
 * Grows the trees of one boosting run, reusing its buffers: the row partition (each
 * node owns a contiguous range of `threads.rows`) and a pool of histograms.
 */
export class TreeGrower {
  private readonly pool: InKernelMemory<Float64Array>[] = [];

  constructor(
    private readonly matrix: BinnedMatrix,
    private readonly thresholds: readonly Float32Array[],
    private readonly threads: TreeThreads,
    private readonly options: TreeOptions,
  ) {}

  private takeHistogram(): InKernelMemory<Float64Array> {
    return this.pool.pop() ?? this.threads.histogram();
  }

  private release(node: GrowingNode): void {
    if (node.hist !== null) this.pool.push(node.hist);
    node.hist = null;
  }

  private splittable(count: number, depth: number): boolean {
    return depth < this.options.maxDepth && count >= 2 * this.options.minSamplesLeaf;
  }

  /**
   * Grows one tree leaf-wise (best gain first) on the log-loss gradients of the raw
   * scores, adds its leaf values to the raw scores and returns it. Leaf values are
   * -lr * G / (H + l2), rounded to float32 so the ONNX graph holds the same numbers.
   */
  grow(): RegressionTree {
    const { matrix, options } = this;
    const n = matrix.rows;
    const allRows = this.threads.rows;
    for (let i = 0; i < n; i++) allRows[i] = i;
    const nodes: GrowingNode[] = [];
    const branches: Array<Branch | null> = [];
    const rootHist = this.takeHistogram();
    const [sumGradient, sumHessian] = this.threads.root(rootHist);
    const root: GrowingNode = {
      id: 0,
      start: 0,
      end: n,
      depth: 0,
      sumGradient,
      sumHessian,
      hist: rootHist,
      split: null,
    };
    nodes.push(root);
    branches.push(null);
    if (this.splittable(n, 0)) {
      root.split = findBestSplit(matrix, rootHist, sumGradient, sumHessian, n, options);
    }
    if (root.split === null) this.release(root);
    let leaves = 1;
    while (leaves < options.maxLeafNodes) {
      let parent: GrowingNode | null = null;
      for (const node of nodes) {
        if (node.split !== null && (parent === null || node.split.gain > parent.split!.gain)) {
          parent = node;
        }
      }
      if (parent === null) break;
      const split = parent.split!;
      const middle = this.threads.partition(parent.start, parent.end, split.feature, split.bin);
      const depth = parent.depth + 1;
      const left: GrowingNode = {
        id: nodes.length,
        start: parent.start,
        end: middle,
        depth,
        sumGradient: split.leftGradient,
        sumHessian: split.leftHessian,
        hist: null,
        split: null,
      };
      const right: GrowingNode = {
        id: nodes.length + 1,
        start: middle,
        end: parent.end,
        depth,
        sumGradient: parent.sumGradient - split.leftGradient,
        sumHessian: parent.sumHessian - split.leftHessian,
        hist: null,
        split: null,
      };
      nodes.push(left, right);
      branches.push(null, null);
      branches[parent.id] = {
        feature: split.feature,
        threshold: this.thresholds[split.feature]![split.bin]!,
        left: left.id,
        right: right.id,
        gain: split.gain,
      };
      parent.split = null;
      leaves++;
      const pair = [left, right];
      // As scikit-learn: once max_leaf_nodes is reached no child splits, so no histograms.
      const more = leaves < options.maxLeafNodes;
      if (more && pair.some((child) => this.splittable(child.end - child.start, depth))) {
        const [small, large] =
          left.end - left.start <= right.end - right.start ? [left, right] : [right, left];
        small.hist = this.takeHistogram();
        this.threads.node(small.hist, small.start, small.end, small.sumGradient, small.sumHessian);
        large.hist = parent.hist!;
        parent.hist = null;
        subtractHistogram(large.hist, small.hist, matrix.totalBins * 3);
        for (const child of pair) {
          const count = child.end - child.start;
          if (this.splittable(count, depth)) {
            child.split = findBestSplit(
              matrix,
              child.hist!,
              child.sumGradient,
              child.sumHessian,
              count,
              options,
            );
          }
          if (child.split === null) this.release(child);
        }
      } else {
        this.release(parent);
      }
    }
    for (const node of nodes) this.release(node);
    return this.toTree(nodes, branches, this.threads.raw);
  }

  private toTree(
    nodes: readonly GrowingNode[],
    branches: ReadonlyArray<Branch | null>,
    raw: Float64Array,
  ): RegressionTree {
    const size = nodes.length;
    const tree = {
      feature: new Int32Array(size).fill(-1),
      threshold: new Float32Array(size),
      left: new Int32Array(size).fill(-1),
      right: new Int32Array(size).fill(-1),
      value: new Float64Array(size),
      gain: new Float64Array(size),
    };
    const { learningRate, l2 } = this.options;
    for (const node of nodes) {
      const branch = branches[node.id];
      if (branch !== null && branch !== undefined) {
        tree.feature[node.id] = branch.feature;
        tree.threshold[node.id] = branch.threshold;
        tree.left[node.id] = branch.left;
        tree.right[node.id] = branch.right;
        tree.gain[node.id] = branch.gain;
        continue;
      }
      const value = Math.fround((-learningRate * node.sumGradient) / (node.sumHessian + l2));
      tree.value[node.id] = value;
      addToRows(raw, this.threads.rows, node.start, node.end, value);
    }
    return tree;
  }
}

function addToRows(raw: Float64Array, rows: Int32Array, start: number, end: number, value: number) {
  for (let j = start; j < end; j++) raw[rows[j]!]! += value;
}
