import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth, leaves out undefined, keeps arrays in order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: undefined, x: 'é' }], c: true } })).toBe('{"a":{"c":true,"d":[3,{"x":"é","z":null}]},"b":1}');
    expect(canonicalJson({ B: 1, a: 2, _: 3, '10': 4, '9': 5 })).toBe('{"10":4,"9":5,"B":1,"_":3,"a":2}');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('writes a Date as JSON does, so two decisions that differ only in when are different requests', () => {
    const at = new Date('2026-11-20T09:40:00.000Z');
    expect(canonicalJson({ decidedAt: at })).toBe('{"decidedAt":"2026-11-20T09:40:00.000Z"}');
    expect(canonicalJson({ decidedAt: at })).not.toBe(canonicalJson({ decidedAt: new Date('2026-11-21T09:40:00.000Z') }));
  });
});
