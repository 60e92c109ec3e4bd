/**
 * Vietnamese mobile and landline numbers as people type them: "0912 345 678", "0912.345.678",
 * "+84 912345678", "84912345678". Returns the national form ("0912345678"), or undefined.
 */
export function parseVietnamesePhone(input: string): string | undefined {
  // "+84 (0) 912 …": the trunk 0 in brackets after the country code is dropped.
  const compact = input.replace(/^\s*\+?84\s*\(0\)/, '+84').replace(/[\s.\-()]/g, '');
  const m = /^(?:\+?84|0)(\d{9,10})$/.exec(compact);
  if (!m) return undefined;
  const national = `0${m[1]}`;
  // Mobile numbers have 10 digits (03x, 05x, 07x, 08x, 09x); landlines 11 (02xx).
  if (national.length === 10 && /^0[35789]/.test(national)) return national;
  if (national.length === 11 && national.startsWith('02')) return national;
  return undefined;
}

/**
 * A Vietnamese number in the form Zalo's notification service (ZNS) takes: the country code
 * without "+" or the trunk 0, "84912345678" (field-vn/zalo src/Support/PhoneNumber.php; the
 * send API rejects numbers not so normalised, code -108). Mobile numbers only (Zalo accounts are
 * mobile numbers): undefined for a landline or anything else.
 */
export function zaloPhone(input: string): string | undefined {
  const national = parseVietnamesePhone(input);
  return national?.length === 10 ? `84${national.slice(1)}` : undefined;
}
