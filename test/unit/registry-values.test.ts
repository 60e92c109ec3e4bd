import { describe, expect, it } from 'vitest';
import { MEMBER_HEADER_LOOKUP, COOPERATIVE_HEADER_LOOKUP } from '../../src/services/registry/register-columns.js';
import { readRegister, RegisterFileError } from '../../src/services/registry/read-register.js';
import { parseKind, parseRegisterPhone, parseSector } from '../../src/services/registry/register-values.js';

describe('register values', () => {
  it('normalises phones to +84, also a number cell whose leading 0 Excel dropped', () => {
    expect(parseRegisterPhone('0912 345 678')).toBe('+84912345678');
    expect(parseRegisterPhone('0912.345.678')).toBe('+84912345678');
    expect(parseRegisterPhone('84912345678')).toBe('+84912345678');
    expect(parseRegisterPhone('+84 912 345 678')).toBe('+84912345678');
    expect(parseRegisterPhone('912345678')).toBe('+84912345678');
    expect(parseRegisterPhone('843456789')).toBe('+84843456789');
    expect(parseRegisterPhone('2633123456')).toBe('+842633123456'); // a landline, 0 dropped
    expect(parseRegisterPhone('12345')).toBeUndefined();
    expect(parseRegisterPhone('0912 345 678 999')).toBeUndefined();
  });

  it('reads sectors by label or code and kinds as registers write them', () => {
    expect(parseSector('Nông nghiệp')).toBe('agriculture');
    expect(parseSector('nong nghiep')).toBe('agriculture');
    expect(parseSector('Agriculture')).toBe('agriculture');
    expect(parseSector('fishery')).toBe('fishery');
    expect(parseSector('Khai khoáng')).toBeUndefined();
    expect(parseKind('HTX')).toBe('cooperative');
    expect(parseKind('Liên hiệp HTX')).toBe('union');
    expect(parseKind('lien hiep htx')).toBe('union');
    expect(parseKind('Tổ hợp tác')).toBe('group');
    expect(parseKind('group')).toBe('group');
    expect(parseKind('Công ty')).toBeUndefined();
  });
});

describe('readRegister', () => {
  it('reads a comma CSV without BOM and a semicolon CSV with one, headers matched loosely', async () => {
    const comma = Buffer.from('STT,ten htx,MA SO HTX,Xa / Phuong\n1,HTX A,123,Xã Tân Lập\n2,,,\n3,"HTX B, C",456,Phường X\n');
    const t1 = await readRegister(comma, COOPERATIVE_HEADER_LOOKUP, ['name']);
    expect(t1.columns).toEqual(['name', 'registration_code', 'commune']);
    expect(t1.rows).toEqual([
      { row: 2, values: { name: 'HTX A', registration_code: '123', commune: 'Xã Tân Lập' } },
      { row: 4, values: { name: 'HTX B, C', registration_code: '456', commune: 'Phường X' } },
    ]);
    const semi = Buffer.from('\uFEFFDanh sách thành viên;;\nHọ và tên;Điện thoại\nNguyễn A;0912345678\n');
    const t2 = await readRegister(semi, MEMBER_HEADER_LOOKUP, ['name']);
    expect(t2.headerRow).toBe(2);
    expect(t2.rows).toEqual([{ row: 3, values: { name: 'Nguyễn A', phone: '0912345678' } }]);
  });

  it('refuses a file with no header row, an old .xls file and a CSV not in UTF-8', async () => {
    await expect(readRegister(Buffer.from('a,b\n1,2\n'), COOPERATIVE_HEADER_LOOKUP, ['name'])).rejects.toMatchObject({ code: 'no_header' });
    await expect(readRegister(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), COOPERATIVE_HEADER_LOOKUP, ['name'])).rejects.toBeInstanceOf(RegisterFileError);
    await expect(readRegister(Buffer.from([0x54, 0xea, 0x6e, 0x0a]), COOPERATIVE_HEADER_LOOKUP, ['name'])).rejects.toMatchObject({ code: 'not_utf8' });
  });
});
