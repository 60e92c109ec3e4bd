import { describe, expect, it } from 'vitest';
import { shapeOf, storable, storableString } from '../../../src/adapters/platform-body.js';

describe('storable', () => {
  it('drops NUL and makes lone surrogates U+FFFD, in values and keys, leaving pairs alone', () => {
    expect(storableString('a\u0000b\ud800c😀')).toBe('ab\ufffdc😀');
    expect(storable({ 'k\u0000': ['x\udc00', { t: '\u0000' }], n: 1, b: null })).toEqual({ k: ['x\ufffd', { t: '' }], n: 1, b: null });
  });

  it('stops at its depth without overflowing the stack', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => storable(deep)).not.toThrow();
  });
});

describe('shapeOf', () => {
  it('names fields and types, never values or keys that are not field names', () => {
    const shape = shapeOf({ update_id: 1, message: { text: 'Số 0912345678', chat: { id: 5 } }, '0912345678': true });
    expect(shape).toBe('{?:boolean,message:{chat:object,text:string},update_id:number}');
    expect(shapeOf([[[1]]])).toBe('[[array]]');
    expect(shapeOf('secret')).toBe('string');
  });
});
