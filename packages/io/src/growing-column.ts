type TypedColumn = Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array;

/**
 * A typed array that grows by doubling while rows of unknown count arrive (a file being
 * read, batches being scored).
 *
 * @example
 * const ids = int32Column();
 * ids.push(7);
 * ids.toArray(); // => Int32Array [7]
 */
export class GrowingColumn<T extends TypedColumn> {
  length = 0;
  private values: T;

  constructor(private readonly make: (length: number) => T) {
    this.values = make(1 << 12);
  }

  push(value: number): void {
    if (this.length === this.values.length) {
      const larger = this.make(this.values.length * 2);
      larger.set(this.values as never);
      this.values = larger;
    }
    this.values[this.length++] = value;
  }

  /** The values pushed so far, without copying; valid until the next push. */
  view(): T {
    return this.values.subarray(0, this.length) as T;
  }

  /** The values pushed so far, as an array of their exact length. */
  toArray(): T {
    return this.values.slice(0, this.length) as T;
  }
}

export const float64Column = () => new GrowingColumn((n) => new Float64Array(n));
export const float32Column = () => new GrowingColumn((n) => new Float32Array(n));
export const int32Column = () => new GrowingColumn((n) => new Int32Array(n));
export const uint32Column = () => new GrowingColumn((n) => new Uint32Array(n));
export const uint8Column = () => new GrowingColumn((n) => new Uint8Array(n));
