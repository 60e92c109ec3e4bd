import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/lib/messages.js';
import { createCooperative, createOfficer } from '../support/factories.js';
import { createTestApp, labels, sayOn, texts, type TestApp } from '../support/test-app.js';

// Issue 18: an officer types a commune as people do, without diacritics or its "xã"; the composer
// matches it against the official units of the province (Công văn 1027/CTK-CSCL) first.
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  const db = app.db.prisma;
  await createCooperative(db, { name: 'HTX Cà phê Ea H’Leo', province: 'Đắk Lắk', commune: "Xã Ea H'Leo" });
  await createCooperative(db, { name: 'HTX Dịch vụ Buôn Ma Thuột', province: 'Đắk Lắk', commune: 'Phường Buôn Ma Thuột' });
  await createCooperative(db, { name: 'HTX Tân Lập', province: 'Đắk Lắk', commune: 'Phường Tân Lập' });
  await createOfficer(db, { province: 'Đắk Lắk', accounts: 'off-dl' });
});
afterAll(async () => {
  await app?.close();
});

const con = (input: string | Partial<InboundMessage>) => sayOn(app, 'console', 'off-dl', input);

async function toCommunes() {
  await con('/thongbao');
  await con('thong bao khac');
  await con('Lich kiem tra phong chay cua HTX');
  await con('De nghi cac HTX chuan bi ho so phong chay chua chay truoc ngay kiem tra.');
  await con('chu nhiem htx');
  return con('chon xa phuong');
}

describe('typed communes in the announcement composer', () => {
  it('ticks a commune typed without diacritics or its kind, by its official name', async () => {
    const communes = await toCommunes();
    expect(labels(communes)).toEqual(expect.arrayContaining(["Xã Ea H'Leo", 'Phường Buôn Ma Thuột', 'Phường Tân Lập']));

    const picked = await con('xa ea hleo, p. buon ma thuot');
    expect(texts(picked)).toContain("Đã chọn: Phường Buôn Ma Thuột, Xã Ea H'Leo");

    // An official commune of the province with no cooperative on record: said plainly.
    const empty = await con('xa ea sup');
    expect(texts(empty)).toContain('Xã Ea Súp: chưa có HTX nào đang hoạt động trong danh sách, nên không chọn được.');

    // A typo: the polite "not found", and the closest communes of the list.
    const typo = await con('phuong tan lapp');
    expect(texts(typo)).toContain('❗ Không tìm thấy: phuong tan lapp');
    expect(texts(typo)).toContain('Có phải: Phường Tân Lập?');
  });
});
