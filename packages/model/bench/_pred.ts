import { join } from 'node:path';
import { loadConfig } from '@churn/config';
import { modelFeatureColumns, readFeatureFrame, TABLE_FILES } from '@churn/features';
import { gradientBoostingOptions, splitFrame, timeSplit, trainGradientBoosting } from '../src/train/index.js';
import { treeInputMatrix, addTree } from '../src/train/predict.js';
const config = loadConfig();
const file = join(config.paths.processed, TABLE_FILES.trainingSet);
const columns = modelFeatureColumns({ windowsDays: config.features.windows_days, includeEngagementScore: false });
const frame = await readFeatureFrame(file, { columns, withLabel: true });
const { train, test } = splitFrame(frame, timeSplit(frame, config.training.test_fraction));
const { earlyStopping: _, ...options } = gradientBoostingOptions(config.training);
const model = trainGradientBoosting(train, columns, { ...options, maxIter: 120, threads: 2 });
const params = model.params;
const all = frame; // score all rows: 180k
const width = params.featureOrder.length;
const matrix = treeInputMatrix(params, all);
console.log('rows', all.rows, 'trees', params.trees.length);
let ok = true;
for (const t of params.trees) for (let k = 0; k < t.left.length; k++) if (t.left[k] !== -1 && t.right[k] !== t.left[k]! + 1) ok = false;
console.log('right = left + 1 everywhere:', ok);
function addTreeBranchless(tree: any, matrix: Float32Array, width: number, logits: Float64Array, start: number, end: number) {
  const { feature, threshold, left, value } = tree as { feature: Int32Array; threshold: Float32Array; left: Int32Array; value: Float64Array };
  for (let i = start, base = start * width; i < end; i++, base += width) {
    let node = 0;
    while (left[node]! !== -1) node = left[node]! + (matrix[base + feature[node]!]! <= threshold[node]! ? 0 : 1);
    logits[i]! += value[node]!;
  }
}
function run(name: string, f: typeof addTree) {
  const logits = new Float64Array(all.rows);
  let best = 1e9;
  for (let r = 0; r < 5; r++) {
    logits.fill(params.baseScore);
    const t = performance.now();
    for (let s = 0; s < all.rows; s += 1024) { const e = Math.min(all.rows, s + 1024); for (const tree of params.trees) f(tree, matrix, width, logits, s, e); }
    best = Math.min(best, performance.now() - t);
  }
  console.log(name, best.toFixed(0), 'ms', logits[123]);
}
run('branchy', addTree); run('branchless', addTreeBranchless as any); run('branchy', addTree); run('branchless', addTreeBranchless as any);
