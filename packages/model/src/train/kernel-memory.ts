import { HISTOGRAM_KERNELS_WASM } from './histogram-kernels-wasm.js';

/** A WebAssembly memory (`WebAssembly.Memory`) made shared: its buffer is a SharedArrayBuffer. */
export interface SharedWasmMemory {
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}

/** The part of the WebAssembly JS API used here: @types/node 20 does not declare it (lib.dom does). */
interface WebAssemblyApi {
  Memory: new (limits: { initial: number; maximum: number; shared: true }) => SharedWasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
}
const WebAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** WebAssembly's page, and the most pages a 32-bit memory can have (4 GiB). */
const PAGE_BYTES = 65_536;
const MAX_PAGES = 65_536;

/**
 * An array that lives in a `KernelMemory`, so the WebAssembly kernels can read or write
 * it (they see only that memory). The brand is for the type checker: only
 * `KernelMemory` makes such arrays.
 */
export type InKernelMemory<T extends Int32Array | Uint16Array | Float64Array> = T & {
  readonly __kernelMemory: true;
};

/**
 * The memory the histogram kernels work in: one shared WebAssembly memory per fit, which
 * both tree threads instantiate the kernels on, and a bump allocator of typed arrays in
 * it. Nothing is freed: a fit allocates its arrays once and drops the memory at its end.
 */
export class KernelMemory {
  readonly memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
  readonly kernels = new HistogramKernels(this.memory);
  private top = 0;

  float64(length: number): InKernelMemory<Float64Array> {
    // 16-byte aligned: the kernels move (g, h) pairs as one 128-bit value
    const at = this.reserve(8 * length, 16);
    return new Float64Array(this.memory.buffer, at, length) as never;
  }

  int32(length: number): InKernelMemory<Int32Array> {
    const at = this.reserve(4 * length, 4);
    return new Int32Array(this.memory.buffer, at, length) as never;
  }

  uint16(length: number): InKernelMemory<Uint16Array> {
    const at = this.reserve(2 * length, 2);
    return new Uint16Array(this.memory.buffer, at, length) as never;
  }

  /**
   * Byte offset of `bytes` new bytes, growing the memory when they do not fit. Read
   * `memory.buffer` after this: a grow gives the memory a new, longer buffer object.
   */
  private reserve(bytes: number, alignment: number): number {
    const at = Math.ceil(this.top / alignment) * alignment;
    const end = at + bytes;
    const pages = Math.ceil(end / PAGE_BYTES);
    const have = this.memory.buffer.byteLength / PAGE_BYTES;
    if (pages > MAX_PAGES) {
      throw new RangeError(`the histogram kernels' memory would exceed 4 GiB (${end} bytes)`);
    }
    // a shared memory never moves: arrays made before a grow stay valid
    if (pages > have) this.memory.grow(pages - have);
    this.top = end;
    return at;
  }
}

/** The rows' non-default bins, as `BinnedMatrix` keeps them (see histogram.ts). */
export interface KernelRows {
  readonly rowStart: InKernelMemory<Int32Array>;
  readonly entries: InKernelMemory<Uint16Array>;
}

interface KernelExports {
  addRange(
    rowStart: number,
    entries: number,
    gh: number,
    hist: number,
    start: number,
    end: number,
  ): void;
  addListed(
    rowStart: number,
    entries: number,
    gh: number,
    hist: number,
    rowList: number,
    start: number,
    end: number,
  ): void;
}

let compiled: object | undefined;

/**
 * The kernels of histogram-kernels.wat on one memory. Each thread makes its own
 * instance on the shared memory. Arguments are arrays in that memory; a histogram holds
 * [g, h, count] per bin (24 bytes), `gh` holds [g, h] per row.
 */
export class HistogramKernels {
  private readonly exports: KernelExports;

  constructor(memory: SharedWasmMemory) {
    compiled ??= new WebAssembly.Module(Buffer.from(HISTOGRAM_KERNELS_WASM, 'base64'));
    const instance = new WebAssembly.Instance(compiled, { env: { memory } });
    this.exports = instance.exports as unknown as KernelExports;
  }

  /** Rows start..end-1 in order: hist[bin] += (g, h) of the row, counts untouched. */
  addRange(
    rows: KernelRows,
    gh: InKernelMemory<Float64Array>,
    hist: InKernelMemory<Float64Array>,
    start: number,
    end: number,
  ): void {
    this.exports.addRange(
      rows.rowStart.byteOffset,
      rows.entries.byteOffset,
      gh.byteOffset,
      hist.byteOffset,
      start,
      end,
    );
  }

  /** The rows listed in rowList[start..end): hist[bin] += (g, h, 1). */
  addListed(
    rows: KernelRows,
    gh: InKernelMemory<Float64Array>,
    hist: InKernelMemory<Float64Array>,
    rowList: InKernelMemory<Int32Array>,
    start: number,
    end: number,
  ): void {
    this.exports.addListed(
      rows.rowStart.byteOffset,
      rows.entries.byteOffset,
      gh.byteOffset,
      hist.byteOffset,
      rowList.byteOffset,
      start,
      end,
    );
  }
}
