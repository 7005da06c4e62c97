/**
 * The logistic-regression objective on a standardised design: value, exact gradient,
 * and Hessian (blocked column dot products), for the Newton iterations of
 * logistic-regression.ts.
 */

/** Standardised numerics (one array a column), category codes and the layout of the weights. */
export interface Design {
  readonly n: number;
  /** Intercept + numerics: the dense block of the weight vector. */
  readonly dense: number;
  readonly z: Float64Array[];
  readonly codes: Int32Array[];
  readonly offsets: number[];
  readonly size: number;
}

/** Rows per block of the Hessian loops: a block of every column fits in a core's L2 cache. */
const BLOCK = 2048;

/** Dot product of a[start..end) and b[start..end), four running sums so additions pipeline. */
function dot(a: Float64Array, b: Float64Array, start: number, end: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const last = end - ((end - start) % 4);
  for (let i = start; i < last; i += 4) {
    s0 += a[i]! * b[i]!;
    s1 += a[i + 1]! * b[i + 1]!;
    s2 += a[i + 2]! * b[i + 2]!;
    s3 += a[i + 3]! * b[i + 3]!;
  }
  for (let i = last; i < end; i++) s0 += a[i]! * b[i]!;
  return s0 + s1 + (s2 + s3);
}

/** Weighted mean log-loss + l2/2 * |w|^2 (intercept unpenalised); fills the linear predictor. */
export function objective(
  design: Design,
  theta: Float64Array,
  y: Uint8Array,
  w: Float64Array,
  totalWeight: number,
  l2: number,
  eta: Float64Array,
): number {
  const { n, z, codes, offsets } = design;
  eta.fill(theta[0]!);
  z.forEach((column, j) => {
    const weight = theta[1 + j]!;
    for (let i = 0; i < n; i++) eta[i]! += weight * column[i]!;
  });
  codes.forEach((code, c) => {
    const offset = offsets[c]!;
    for (let i = 0; i < n; i++) eta[i]! += theta[offset + code[i]!]!;
  });
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const e = eta[i]!;
    // log(1 + e^eta) - y * eta, stable for large |eta|
    const softplus = e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e));
    loss += w[i]! * (softplus - y[i]! * e);
  }
  let penalty = 0;
  for (let j = 1; j < theta.length; j++) penalty += theta[j]! * theta[j]!;
  return loss / totalWeight + 0.5 * l2 * penalty;
}

/** Rows in the Hessian sample; below 2x this every row is used (exact Newton). */
export const HESSIAN_SAMPLE_ROWS = 20_000;

/** The rows of the design, y and w at `rows` (ascending): the rows the Hessian is computed on. */
export function sampleRows(design: Design, y: Uint8Array, w: Float64Array, rows: Int32Array) {
  const m = rows.length;
  const pick = <T extends Float64Array | Int32Array | Uint8Array>(values: T, out: T): T => {
    for (let i = 0; i < m; i++) out[i] = values[rows[i]!]!;
    return out;
  };
  const sample: Design = {
    ...design,
    n: m,
    z: design.z.map((column) => pick(column, new Float64Array(m))),
    codes: design.codes.map((code) => pick(code, new Int32Array(m))),
  };
  return { sample, y: pick(y, new Uint8Array(m)), w: pick(w, new Float64Array(m)) };
}

/** Gradient of the objective at the linear predictor `eta`. */
export function gradientAt(
  design: Design,
  theta: Float64Array,
  y: Uint8Array,
  w: Float64Array,
  totalWeight: number,
  l2: number,
  eta: Float64Array,
): Float64Array {
  const { n, z, codes, offsets, size } = design;
  const gradient = new Float64Array(size);
  const residual = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e = eta[i]!;
    const p = e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e));
    residual[i] = (w[i]! * (p - y[i]!)) / totalWeight;
  }
  gradient[0] = dot(residual, new Float64Array(n).fill(1), 0, n);
  z.forEach((column, j) => {
    gradient[1 + j] = dot(residual, column, 0, n);
  });
  codes.forEach((code, c) => {
    const offset = offsets[c]!;
    for (let i = 0; i < n; i++) gradient[offset + code[i]!]! += residual[i]!;
  });
  for (let a = 1; a < size; a++) gradient[a]! += l2 * theta[a]!;
  return gradient;
}

/**
 * Hessian of the objective at `eta`, from the rows of `design` with weights `w`
 * scaled to `totalWeight`. The dense block (intercept + numerics) is a set of
 * blocked column dot products; the one-hot columns are sparse and handled by index.
 */
export function hessianAt(
  design: Design,
  w: Float64Array,
  totalWeight: number,
  l2: number,
  eta: Float64Array,
): Float64Array {
  const { n, dense, z, codes, offsets, size } = design;
  const hessian = new Float64Array(size * size);
  const curvature = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e = eta[i]!;
    const p = e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e));
    curvature[i] = (w[i]! * p * (1 - p)) / totalWeight;
  }
  const columns = [new Float64Array(n).fill(1), ...z];
  const weighted = new Float64Array(n);
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK);
    for (let a = 0; a < dense; a++) {
      const xa = columns[a]!;
      for (let i = start; i < end; i++) weighted[i] = curvature[i]! * xa[i]!;
      for (let b = a; b < dense; b++) {
        hessian[a * size + b]! += dot(weighted, columns[b]!, start, end);
      }
      for (let c = 0; c < codes.length; c++) {
        const code = codes[c]!;
        const row = a * size + offsets[c]!;
        for (let i = start; i < end; i++) hessian[row + code[i]!]! += weighted[i]!;
      }
    }
  }
  for (let c = 0; c < codes.length; c++) {
    const code = codes[c]!;
    const offset = offsets[c]!;
    for (let i = 0; i < n; i++) {
      const j = offset + code[i]!;
      for (let c2 = c; c2 < codes.length; c2++) {
        hessian[j * size + offsets[c2]! + codes[c2]![i]!]! += curvature[i]!;
      }
    }
  }
  for (let a = 0; a < size; a++) {
    for (let b = a + 1; b < size; b++) hessian[b * size + a] = hessian[a * size + b]!;
    if (a > 0) hessian[a * size + a]! += l2;
  }
  return hessian;
}
