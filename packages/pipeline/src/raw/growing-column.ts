type Typed = Float64Array | Int32Array | Uint8Array;

/** A typed array that grows by doubling while a file of unknown length is read. */
export class GrowingColumn<T extends Typed> {
  length = 0;
  private values: T;

  constructor(private readonly make: (length: number) => T) {
    this.values = make(1 << 12);
  }

  push(value: number): void {
    if (this.length === this.values.length) {
      const larger = this.make(this.values.length * 2);
      larger.set(this.values);
      this.values = larger;
    }
    this.values[this.length++] = value;
  }

  /** The values pushed so far, as an array of their exact length. */
  toArray(): T {
    return this.values.slice(0, this.length) as T;
  }
}

export const float64Column = () => new GrowingColumn((n) => new Float64Array(n));
export const int32Column = () => new GrowingColumn((n) => new Int32Array(n));
export const uint8Column = () => new GrowingColumn((n) => new Uint8Array(n));
