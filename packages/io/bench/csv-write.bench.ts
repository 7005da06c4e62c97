// Write speed of writeCsv on one thread and on two, for a table shaped like the feature
// table (ints, 6-decimal sums, categorical codes, dates): wall and CPU seconds, MB/s.
//   npx tsx --conditions=@churn/source packages/io/bench/csv-write.bench.ts [--rows 1000000]
// CPU time counts both threads, so it is steadier than wall time on a shared machine.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type CsvColumn, writeCsv } from '../src/index.js';

const { values: flags } = parseArgs({
  options: { rows: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '3' } },
});
const rows = Number(flags.rows);
const runs = Number(flags.runs);
let state = 42;
const random = () => {
  state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
  return state / 2 ** 32;
};
const columns: CsvColumn[] = [
  { name: 'user_id', values: Int32Array.from({ length: rows }, (_, i) => 1 + Math.floor(i / 120)) },
  {
    name: 'as_of_date',
    epochSeconds: Float64Array.from({ length: rows }, (_, i) => (20_089 + (i % 120)) * 86_400),
  },
  {
    name: 'plan',
    codes: Uint8Array.from({ length: rows }, () => (random() < 0.35 ? 1 : 0)),
    labels: ['free', 'paid'],
  },
];
for (let c = 0; c < 24; c++) {
  columns.push({
    name: `count_${c}`,
    values: Float64Array.from({ length: rows }, () =>
      random() < 0.6 ? 0 : Math.floor(random() * 40),
    ),
  });
  columns.push({
    name: `sum_${c}`,
    values: Float64Array.from({ length: rows }, () =>
      random() < 0.5 ? 0 : Math.round(random() * 900 * 1e6) / 1e6,
    ),
    decimals: 6,
  });
}
const dir = mkdtempSync(join(tmpdir(), 'churn-csv-write-'));
const file = join(dir, 'table.csv');
const cells = rows * columns.length;
console.log(
  `writeCsv: ${rows} rows x ${columns.length} columns, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log('threads  wall s  CPU s  MB/s  ns/cell (wall)');
try {
  for (const thread of [false, true]) {
    const walls: number[] = [];
    const cpus: number[] = [];
    for (let run = 0; run < runs; run++) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      await writeCsv(file, columns, { thread });
      walls.push((performance.now() - started) / 1000);
      const used = process.cpuUsage(cpu);
      cpus.push((used.user + used.system) / 1e6);
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
    const wall = median(walls);
    const mb = statSync(file).size / 1e6;
    console.log(
      `${thread ? 2 : 1}        ${wall.toFixed(2).padStart(6)}  ${median(cpus).toFixed(2).padStart(5)}  ${(mb / wall).toFixed(0).padStart(4)}  ${((wall * 1e9) / cells).toFixed(1)}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
