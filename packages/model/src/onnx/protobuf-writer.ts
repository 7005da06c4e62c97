/**
 * A minimal protocol-buffers encoder: just what an ONNX file needs (varints, 32-bit
 * floats, length-delimited strings, bytes, nested messages and packed arrays).
 * Reference: https://protobuf.dev/programming-guides/encoding/
 *
 * @example
 * const w = new ProtoWriter();
 * w.int64(1, 150);
 * w.finish(); // => Uint8Array [0x08, 0x96, 0x01]
 */
export const WireType = { VARINT: 0, I64: 1, LEN: 2, I32: 5 } as const;

export class ProtoWriter {
  private buffer = new Uint8Array(256);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  /** The encoded bytes so far (a copy). */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  /** An unsigned or signed integer as a varint; negatives take 10 bytes (two's complement), as int64 does. */
  varint(value: number | bigint): this {
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 2 ** 31) {
      this.reserve(5);
      let v = value;
      while (v > 0x7f) {
        this.buffer[this.length++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      this.buffer[this.length++] = v;
      return this;
    }
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      throw new RangeError(`varint needs a safe integer, got ${value}`);
    }
    let v = BigInt.asUintN(64, BigInt(value));
    this.reserve(10);
    while (v > 0x7fn) {
      this.buffer[this.length++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buffer[this.length++] = Number(v);
    return this;
  }

  tag(field: number, wireType: number): this {
    return this.varint(field * 8 + wireType);
  }

  /** An int32/int64/enum/bool field. */
  int64(field: number, value: number | bigint): this {
    return this.tag(field, WireType.VARINT).varint(value);
  }

  /** A `float` field (little-endian IEEE 754 single precision). */
  float(field: number, value: number): this {
    this.tag(field, WireType.I32).reserve(4);
    this.view.setFloat32(this.length, value, true);
    this.length += 4;
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WireType.LEN).varint(value.length).reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
    return this;
  }

  /** A `string` (or `bytes` holding text) field, UTF-8 encoded. */
  string(field: number, value: string): this {
    return this.bytes(field, encoder.encode(value));
  }

  /** A nested message, written by `write` into its own writer and length-prefixed. */
  message(field: number, write: (writer: ProtoWriter) => void): this {
    const nested = new ProtoWriter();
    write(nested);
    return this.bytes(field, nested.finish());
  }

  /** A packed `repeated float` field (omitted when empty, as protobuf does). */
  packedFloats(field: number, values: ArrayLike<number>): this {
    if (values.length === 0) return this;
    const data = new Uint8Array(values.length * 4);
    const view = new DataView(data.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
    return this.bytes(field, data);
  }

  /** A packed `repeated int64` (or int32) field (omitted when empty). */
  packedVarints(field: number, values: ArrayLike<number>): this {
    if (values.length === 0) return this;
    const nested = new ProtoWriter();
    for (let i = 0; i < values.length; i++) nested.varint(values[i]!);
    return this.bytes(field, nested.finish());
  }

  private reserve(bytes: number): this {
    if (this.length + bytes <= this.buffer.length) return this;
    let size = this.buffer.length * 2;
    while (size < this.length + bytes) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
    this.view = new DataView(next.buffer);
    return this;
  }
}

const encoder = new TextEncoder();
