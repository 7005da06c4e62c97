import type { FeatureColumn, FeatureFrame } from '@churn/features';

/** Deterministic PRNG (mulberry32) for synthetic data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box-Muller) from a uniform source. */
export function normal(uniform: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

export interface FrameSpec {
  readonly numeric?: Record<string, ArrayLike<number>>;
  readonly categorical?: Record<string, string[]>;
  readonly label?: ArrayLike<number>;
  /** Defaults to one date for all rows. */
  readonly asOfDate?: string[];
}

/** A FeatureFrame of the contract's shape from plain columns. */
export function makeFrame(spec: FrameSpec): FeatureFrame {
  const lengths = [
    ...Object.values(spec.numeric ?? {}).map((v) => v.length),
    ...Object.values(spec.categorical ?? {}).map((v) => v.length),
  ];
  const rows = spec.label?.length ?? lengths[0] ?? 0;
  const frame: FeatureFrame = {
    rows,
    userId: Int32Array.from({ length: rows }, (_, i) => i + 1),
    asOfDate: spec.asOfDate ?? new Array<string>(rows).fill('2025-01-01'),
    numeric: new Map(
      Object.entries(spec.numeric ?? {}).map(([name, values]) => [name, Float64Array.from(values)]),
    ),
    categorical: new Map(Object.entries(spec.categorical ?? {})),
  };
  return spec.label === undefined ? frame : { ...frame, label: Uint8Array.from(spec.label) };
}

/** The columns of a frame spec: numerics first, then categoricals. */
export function columnsOf(spec: FrameSpec): FeatureColumn[] {
  return [
    ...Object.keys(spec.numeric ?? {}).map((name) => ({ name, type: 'numeric' as const })),
    ...Object.keys(spec.categorical ?? {}).map((name) => ({ name, type: 'categorical' as const })),
  ];
}

/** The error code thrown by `run`; fails the test when nothing is thrown. */
export function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
  throw new Error('expected a coded error');
}
