import { describe, expect, it } from 'vitest';
import { encodeModel, type OnnxValueInfo, ProtoWriter } from '../src/onnx/index.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

// Expected bytes from the protobuf encoding guide (https://protobuf.dev/programming-guides/encoding/).
describe('ProtoWriter', () => {
  it('encodes varints', () => {
    expect(hex(new ProtoWriter().int64(1, 150).finish())).toBe('089601');
    expect(hex(new ProtoWriter().varint(1).varint(300).varint(0).finish())).toBe('01ac0200');
    expect(hex(new ProtoWriter().varint(2 ** 35).finish())).toBe('8080808080' + '01');
    expect(hex(new ProtoWriter().varint(-1).finish())).toBe('ffffffffffffffffff01');
    expect(hex(new ProtoWriter().varint(-2n).finish())).toBe('feffffffffffffffff01');
    expect(() => new ProtoWriter().varint(2 ** 60)).toThrow(RangeError);
  });

  it('encodes strings, floats and nested messages', () => {
    expect(hex(new ProtoWriter().string(2, 'testing').finish())).toBe('120774657374696e67');
    expect(hex(new ProtoWriter().float(1, 1).finish())).toBe('0d0000803f');
    expect(hex(new ProtoWriter().float(1, Number.NaN).finish())).toBe('0d0000c07f');
    expect(hex(new ProtoWriter().message(3, (m) => m.int64(1, 150)).finish())).toBe('1a03089601');
    expect(hex(new ProtoWriter().string(1, 'é').finish())).toBe('0a02c3a9');
  });

  it('encodes packed arrays and omits empty ones', () => {
    expect(hex(new ProtoWriter().packedVarints(4, [3, 270, 86942]).finish())).toBe(
      '2206038e029ea705',
    );
    expect(hex(new ProtoWriter().packedFloats(4, [1, -2]).finish())).toBe('22080000803f000000c0');
    expect(new ProtoWriter().packedFloats(4, []).packedVarints(5, []).finish()).toHaveLength(0);
  });

  it('grows its buffer for large messages', () => {
    const w = new ProtoWriter();
    for (let i = 0; i < 10_000; i++) w.int64(1, 300);
    const bytes = w.finish();
    expect(bytes).toHaveLength(30_000);
    expect(hex(bytes.subarray(29_997))).toBe('08ac02');
  });
});

describe('encodeModel', () => {
  it('writes a ModelProto in field order with the opset imports', () => {
    const bytes = encodeModel({
      irVersion: 8,
      opsets: [{ domain: '', version: 17 }],
      producerName: 'p',
      producerVersion: '1',
      graph: {
        name: 'g',
        nodes: [
          {
            name: 'n',
            opType: 'Sigmoid',
            domain: '',
            inputs: ['x'],
            outputs: ['y'],
            attributes: [],
          },
        ],
        initializers: [],
        inputs: [{ name: 'x', elemType: 'float', shape: ['N', 1] }],
        outputs: [],
        valueInfo: [],
      },
    });
    const expected = [
      '0808', // ir_version = 8
      '120170', // producer_name = "p"
      '1a0131', // producer_version = "1"
      '3a2d', // graph (45 bytes)
      '0a12',
      '0a0178',
      '120179',
      '1a016e',
      '22075369676d6f6964', // node: input x, output y, name n, Sigmoid
      '120167', // graph name "g"
      '5a14',
      '0a0178', // graph input: ValueInfoProto "x"
      '120f',
      '0a0d',
      '0801', // TypeProto.tensor_type, elem_type FLOAT
      '1209',
      '0a0312014e',
      '0a020801', // shape [dim_param "N", dim_value 1]
      '4204',
      '0a00',
      '1011', // opset_import { domain "", version 17 }
    ];
    expect(hex(bytes)).toBe(expected.join(''));
  });

  it('writes value_info as GraphProto field 13, after the outputs', () => {
    const graph = (valueInfo: OnnxValueInfo[]) =>
      encodeModel({
        irVersion: 8,
        opsets: [],
        producerName: 'p',
        producerVersion: '1',
        graph: { name: 'g', nodes: [], initializers: [], inputs: [], outputs: [], valueInfo },
      });
    const bare = hex(graph([]));
    const typed = hex(graph([{ name: 'y', elemType: 'float', shape: [2] }]));
    const valueInfo = [
      '6a0f', // field 13, 15 bytes (the graph grows from 3 to 20 bytes)
      '0a0179', // name "y"
      '120a', // type
      '0a08', // tensor_type
      '0801', // elem_type FLOAT
      '12040a020802', // shape [dim_value 2]
    ].join('');
    expect(typed.replace(valueInfo, '')).toBe(bare.replace('3a03', '3a14'));
  });
});
