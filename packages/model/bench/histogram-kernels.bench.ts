// The histogram kernels (WebAssembly, histogram-kernels.wat) against the same loops written
// over typed arrays in JavaScript, on a matrix of the default training set's shape: 144,000
// rows of 47 features of 255 bins, about 25 non-default bins a row. Rounds alternate the two,
// and every round checks that both give the same sums bit for bit.
//   npx tsx --conditions=@churn/source bench/histogram-kernels.bench.ts [--rounds 5]
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { binnedMatrix } from '../src/train/histogram.js';

const { values: flags } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
const rounds = Number(flags.rounds);
const [rows, features, bins] = [144_000, 47, 255];

let seed = 42;
const random = () => {
  seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
  return seed / 2 ** 32;
};
// Bin 0 is the default (no activity) for about half of each row's features.
const columns = new Uint8Array(rows * features);
for (let k = 0; k < columns.length; k++) {
  columns[k] = random() < 0.47 ? 0 : 1 + Math.floor(random() * random() * (bins - 1));
}
const matrix = binnedMatrix(rows, columns, new Int32Array(features).fill(bins));
const { memory } = matrix;
const gh = memory.float64(2 * rows);
for (let k = 0; k < gh.length; k++) gh[k] = random() - 0.5;
// a child node: 40 % of the rows, in partition order
const listed = memory.int32(rows);
let count = 0;
for (let row = 0; row < rows; row++) if (random() < 0.4) listed[count++] = row;
const size = matrix.totalBins * 3;
const [wasmHist, jsHist] = [memory.float64(size), new Float64Array(size)];
const { rowStart, entries } = matrix;

function jsRange(hist: Float64Array): void {
  for (let row = 0; row < rows; row++) {
    const g = gh[2 * row]!;
    const h = gh[2 * row + 1]!;
    for (let e = rowStart[row]!, last = rowStart[row + 1]!; e < last; e++) {
      const k = entries[e]! * 3;
      hist[k]! += g;
      hist[k + 1]! += h;
    }
  }
}

function jsListed(hist: Float64Array): void {
  for (let j = 0; j < count; j++) {
    const row = listed[j]!;
    const g = gh[2 * row]!;
    const h = gh[2 * row + 1]!;
    for (let e = rowStart[row]!, last = rowStart[row + 1]!; e < last; e++) {
      const k = entries[e]! * 3;
      hist[k]! += g;
      hist[k + 1]! += h;
      hist[k + 2]! += 1;
    }
  }
}

const millis = (work: () => void, repeats = 20): number => {
  const started = performance.now();
  for (let r = 0; r < repeats; r++) work();
  return (performance.now() - started) / repeats;
};
const same = () => wasmHist.every((value, k) => value === jsHist[k]);

const entriesAll = rowStart[rows]!;
const entriesListed = Array.from(listed.subarray(0, count)).reduce(
  (sum, row) => sum + rowStart[row + 1]! - rowStart[row]!,
  0,
);
console.log(
  `histogram kernels: ${rows} rows x ${features} features, ${(entriesAll / rows).toFixed(1)} non-default bins a row; load ${loadavg()[0]!.toFixed(2)}`,
);
console.log(
  'round  all rows: js ms  wasm ms  js/wasm  | listed 40 %: js ms  wasm ms  js/wasm  same',
);
const ratios: number[] = [];
for (let round = 1; round <= rounds; round++) {
  jsHist.fill(0);
  wasmHist.fill(0);
  const jsAll = millis(() => jsRange(jsHist));
  const wasmAll = millis(() => memory.kernels.addRange(matrix, gh, wasmHist, 0, rows));
  const sameAll = same();
  jsHist.fill(0);
  wasmHist.fill(0);
  const jsSome = millis(() => jsListed(jsHist));
  const wasmSome = millis(() => memory.kernels.addListed(matrix, gh, wasmHist, listed, 0, count));
  const sameSome = same();
  ratios.push(jsAll / wasmAll, jsSome / wasmSome);
  console.log(
    `${String(round).padStart(5)}  ${jsAll.toFixed(2).padStart(16)}  ${wasmAll.toFixed(2).padStart(7)}  ${(jsAll / wasmAll).toFixed(2).padStart(7)}  | ${jsSome.toFixed(2).padStart(18)}  ${wasmSome.toFixed(2).padStart(7)}  ${(jsSome / wasmSome).toFixed(2).padStart(7)}  ${sameAll && sameSome ? 'yes' : 'NO'}`,
  );
}
const sorted = ratios.toSorted((a, b) => a - b);
console.log(
  `JavaScript / WebAssembly: median ${sorted[sorted.length >> 1]!.toFixed(2)} (${sorted[0]!.toFixed(2)}-${sorted.at(-1)!.toFixed(2)}); ns per entry, WebAssembly, all rows: ${((millis(() => memory.kernels.addRange(matrix, gh, wasmHist, 0, rows), 5) * 1e6) / entriesAll).toFixed(2)}, listed: ${((millis(() => memory.kernels.addListed(matrix, gh, wasmHist, listed, 0, count), 5) * 1e6) / entriesListed).toFixed(2)}`,
);
