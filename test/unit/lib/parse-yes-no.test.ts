import { describe, expect, it } from 'vitest';
import { parseYesNo, parseYesNoExplained } from '../../../src/lib/parse-yes-no.js';

describe('parseYesNo', () => {
  it.each([
    ['có'],
    ['co'],
    ['Có'],
    ['CÓ'],
    ['c'],
    ['yes'],
    ['Yes'],
    ['y'],
    ['ok'],
    ['OK'],
    ['oke'],
    ['rồi'],
    ['roi'],
    ['đúng'],
    ['dung'],
    ['đúng rồi'],
    ['có ạ'],
    ['co a'],
    ['dạ có'],
    ['da co'],
    ['Dạ có ạ'],
    ['vâng'],
    ['vang'],
    ['vâng ạ'],
    ['dạ vâng'],
    ['dạ'],
    ['ừ'],
    ['u'],
    ['uh'],
    ['được'],
    ['đồng ý'],
    ['có!'],
    ['Có.'],
    ['  có  '],
    ['có nhé'],
    ['có, ạ'],
    ['có'.normalize('NFD')],
    ['👍'],
  ])('reads %j as yes', (input) => {
    expect(parseYesNo(input)).toEqual({ ok: true, value: true });
  });

  it.each([
    ['không'],
    ['khong'],
    ['KHÔNG'],
    ['ko'],
    ['k'],
    ['kg'],
    ['no'],
    ['No'],
    ['n'],
    ['chưa'],
    ['chua'],
    ['không có'],
    ['khong co'],
    ['chưa có'],
    ['chua co'],
    ['dạ không'],
    ['da khong'],
    ['dạ không ạ'],
    ['không ạ'],
    ['dạ chưa'],
    ['sai'],
    ['không phải'],
    ['hông'],
    ['hok'],
    ['không.'],
    ['ko!'],
  ])('reads %j as no', (input) => {
    expect(parseYesNo(input)).toEqual({ ok: true, value: false });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['\u200B', 'empty'],
    ['1', 'not_yes_no'],
    ['2', 'not_yes_no'],
    ['0', 'not_yes_no'],
    ['có không', 'not_yes_no'],
    ['không biết', 'not_yes_no'],
    ['có lẽ', 'not_yes_no'],
    ['để sau', 'not_yes_no'],
    ['cos', 'not_yes_no'],
    ['a', 'not_yes_no'],
    ['dạ ơi', 'not_yes_no'],
    ['45 người', 'not_yes_no'],
    ['có?', 'ok'], // a question mark is punctuation like any other
  ])('handles %j (%s)', (input, error) => {
    const r = parseYesNo(input);
    if (error === 'ok') expect(r).toEqual({ ok: true, value: true });
    else expect(r).toEqual({ ok: false, error });
  });
});

describe('parseYesNoExplained', () => {
  it.each([
    ['có, dùng zalo với sổ sách điện tử', true, 'dùng zalo với sổ sách điện tử'],
    ['co, dung zalo voi so sach dien tu', true, 'dung zalo voi so sach dien tu'],
    ['Có - ký với Công ty Sao Việt', true, 'ký với Công ty Sao Việt'],
    ['dạ có: nhà màng trồng dưa', true, 'nhà màng trồng dưa'],
    ['co dung zalo', true, 'dung zalo'],
    ['không, chưa có', false, 'chưa có'],
    ['ko. chua lam', false, 'chua lam'],
  ])('reads %j as %s with its explanation', (input, value, explanation) => {
    expect(parseYesNoExplained(input)).toEqual({ ok: true, value: { value, explanation } });
  });

  it.each([
    ['có', true],
    ['Dạ không ạ', false],
    ['ko', false],
  ])('reads a plain %j without an explanation', (input, value) => {
    expect(parseYesNoExplained(input)).toEqual({ ok: true, value: { value } });
  });

  it.each([['không biết'], ['có lẽ'], ['co the'], ['khong ro, de hoi lai'], ['dùng zalo'], ['45'], ['']])('does not read %j as yes or no', (input) => {
    expect(parseYesNoExplained(input).ok).toBe(false);
  });
});
