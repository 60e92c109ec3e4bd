import { describe, expect, it } from 'vitest';
import { documentMimeType, fileSizeText } from '../../../src/adapters/file-links.js';
import { attachmentDisposition } from '../../../src/adapters/http/download-route.js';
import { OA_FILE_MAX_BYTES, oaAcceptsFile } from '../../../src/adapters/zalo/oa-file-rule.js';

describe('files the Zalo OA carries', () => {
  it('takes PDF, DOC and DOCX (any case) up to 5 MB, nothing else', () => {
    for (const name of ['a.pdf', 'B.PDF', 'c.doc', 'Báo cáo.docx']) expect(oaAcceptsFile(name, 1000)).toBe(true);
    expect(oaAcceptsFile('a.pdf', OA_FILE_MAX_BYTES)).toBe(true);
    expect(oaAcceptsFile('a.pdf', OA_FILE_MAX_BYTES + 1)).toBe(false);
    for (const name of ['a.xlsx', 'a.csv', 'a.json', 'pdf', 'a.pdf.exe', 'a.docm']) expect(oaAcceptsFile(name, 10)).toBe(false);
  });
});

describe('download links', () => {
  it('names a file in RFC 5987 form with an ASCII fallback, whatever the name holds', () => {
    expect(attachmentDisposition('bao-cao.xlsx')).toBe(`attachment; filename="bao-cao.xlsx"; filename*=UTF-8''bao-cao.xlsx`);
    expect(attachmentDisposition('Đăng ký (đợt 1)*.csv')).toBe(
      `attachment; filename="Dang ky (dot 1)*.csv"; filename*=UTF-8''%C4%90%C4%83ng%20k%C3%BD%20%28%C4%91%E1%BB%A3t%201%29%2A.csv`,
    );
    // Quotes, backslashes, separators and control characters never reach the header as they are.
    expect(attachmentDisposition('a"b\\c;d%e\r\nf.txt')).toBe(`attachment; filename="a_b_c_d_e__f.txt"; filename*=UTF-8''a%22b%5Cc%3Bd%25e%0D%0Af.txt`);
  });

  it('writes sizes the way each language reads them, and guesses a type from the name', () => {
    expect(fileSizeText(512, 'vi')).toBe('512 B');
    expect(fileSizeText(48_300, 'vi')).toBe('47 kB');
    expect(fileSizeText(1_500, 'vi')).toBe('1,5 kB');
    expect(fileSizeText(1_258_291, 'vi')).toBe('1,2 MB');
    expect(fileSizeText(1_258_291, 'en')).toBe('1.2 MB');
    expect(documentMimeType({ filename: 'x.XLSX' })).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(documentMimeType({ filename: 'x.csv', mimeType: 'text/csv' })).toBe('text/csv');
    expect(documentMimeType({ filename: 'x.bin' })).toBe('application/octet-stream');
  });
});
