import { describe, expect, it } from 'vitest';
import { csvLine, toCsv } from '../../../src/services/exports/write-csv.js';

describe('toCsv', () => {
  it('starts with a UTF-8 BOM and ends every line with CRLF', () => {
    const csv = toCsv(
      ['Tên HTX', 'Thành viên'],
      [
        ['HTX Tân Lập', 45],
        ['HTX Đồng Tâm', 12],
      ],
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toBe('\uFEFFTên HTX,Thành viên\r\nHTX Tân Lập,45\r\nHTX Đồng Tâm,12\r\n');
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('quotes fields with a comma, a quote, CR or LF, doubling the quotes (RFC 4180)', () => {
    const csv = toCsv(['a'], [['Đất đai, Tín dụng'], ['HTX "Bình Minh"'], ['dòng 1\ndòng 2'], ['x\ry'], ['plain']]);
    expect(csv.slice(1).split('\r\n')).toEqual(['a', '"Đất đai, Tín dụng"', '"HTX ""Bình Minh"""', '"dòng 1\ndòng 2"', '"x\ry"', 'plain', '']);
  });

  it('writes empty cells for null and undefined, and booleans as words', () => {
    expect(toCsv(['a', 'b', 'c', 'd'], [[null, undefined, true, '']])).toBe('\uFEFFa,b,c,d\r\n,,true,\r\n');
  });

  it('defuses text that a spreadsheet would run as a formula', () => {
    const csv = toCsv(['x'], [['=HYPERLINK("http://evil","click")'], ['+84 905'], ['-2+3'], ['@SUM(A1)'], ['\tcmd'], ['\rcmd'], ['a=b']]);
    expect(csv.slice(1).split('\r\n').slice(1, -1)).toEqual([
      `"'=HYPERLINK(""http://evil"",""click"")"`,
      "'+84 905",
      "'-2+3",
      "'@SUM(A1)",
      "'\tcmd",
      `"'\rcmd"`,
      'a=b',
    ]);
  });

  it('leaves numbers untouched, negative ones included', () => {
    expect(toCsv(['profit', 'revenue', 'share'], [[-50_000_000, 1_500_000_000, 12.5]])).toBe('\uFEFFprofit,revenue,share\r\n-50000000,1500000000,12.5\r\n');
  });

  it('guards the header row too', () => {
    expect(toCsv(['=cmd', 'ok'], [])).toBe("\uFEFF'=cmd,ok\r\n");
  });

  it('writes a line in the Vietnamese dialect: semicolons, quoted only around ; " CR LF, numbers by the dialect and never defused', () => {
    const vi = { separator: ';' as const, number: (n: number) => String(n).replace('.', ',') };
    expect(csvLine(['Đất đai, Tín dụng', 'a;b', 40.5, -50, '-2', null, true], vi)).toBe(`Đất đai, Tín dụng;"a;b";40,5;-50;'-2;;true\r\n`);
    expect(csvLine(['a,b', 40.5])).toBe('"a,b",40.5\r\n');
  });
});
