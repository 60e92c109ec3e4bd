import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/env.js';

const OA = { ZALO_OA_APP_ID: '3608465249409039670', ZALO_OA_APP_SECRET: 'AppSecret-Zx9Qw8Er7Ty6', ZALO_OA_SECRET_KEY: 'OaSecretKey-Pl0Ok9Ij8Uh7' };

function issues(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).issues;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig: ZNS', () => {
  it('is off without a template: nothing changes', () => {
    expect(loadConfig({}).zaloZns).toBeUndefined();
    expect(loadConfig(OA).zaloZns).toBeUndefined();
    expect(loadConfig({ ...OA, ZALO_ZNS_TEMPLATE_TRAINING: ' ', ZALO_ZNS_DAILY_LIMIT: '', ZALO_ZNS_PRICE_VND: '  ' }).zaloZns).toBeUndefined();
  });

  it('reads a template per kind, the daily budget, the API root and the price', () => {
    const c = loadConfig({
      ...OA,
      ZALO_ZNS_TEMPLATE_TRAINING: '248153: ten_lop=title/100, thoi_gian=time/20, dia_diem=place',
      ZALO_ZNS_TEMPLATE_TRADE_FAIR: 'fair_1:ten=title,ngay=date/20',
      ZALO_ZNS_DAILY_LIMIT: '500',
      ZALO_ZNS_PRICE_VND: '300',
    });
    expect(c.zaloZns).toEqual({
      templates: {
        training: {
          templateId: '248153',
          params: [
            { param: 'ten_lop', field: 'title', maxChars: 100 },
            { param: 'thoi_gian', field: 'time', maxChars: 20 },
            { param: 'dia_diem', field: 'place', maxChars: 30 },
          ],
        },
        trade_fair: {
          templateId: 'fair_1',
          params: [
            { param: 'ten', field: 'title', maxChars: 30 },
            { param: 'ngay', field: 'date', maxChars: 20 },
          ],
        },
      },
      dailyLimit: 500,
      apiRoot: 'https://business.openapi.zalo.me',
      priceVnd: 300,
    });
    expect(
      loadConfig({ ...OA, ZALO_ZNS_TEMPLATE_OTHER: '1: a=body', ZALO_ZNS_DAILY_LIMIT: '1', ZALO_ZNS_API_ROOT: 'http://127.0.0.1:9' }).zaloZns,
    ).toMatchObject({
      apiRoot: 'http://127.0.0.1:9',
      priceVnd: undefined,
    });
  });

  it('names every mistake in a mapping, readably', () => {
    const found = issues({ ...OA, ZALO_ZNS_TEMPLATE_TRAINING: '248153: ten_lop=tittle, thoi gian=time, x=body/0, x=place', ZALO_ZNS_DAILY_LIMIT: '10' });
    expect(found.join('\n')).toContain(
      'ZALO_ZNS_TEMPLATE_TRAINING: "ten_lop=tittle": unknown field "tittle" (use title, body, time, date, place, register_by, name, cooperative)',
    );
    expect(found.join('\n')).toContain('"thoi gian=time" is not <param>=<field>[/<max chars>]');
    expect(found.join('\n')).toContain('"x=body/0": the limit must be 1–2000 characters');
    expect(found.join('\n')).toContain('parameter "x" is mapped twice');
    expect(issues({ ...OA, ZALO_ZNS_TEMPLATE_OTHER: 'no colon here', ZALO_ZNS_DAILY_LIMIT: '10' })[0]).toMatch(
      /^ZALO_ZNS_TEMPLATE_OTHER: expected <template id>: <param>=<field>/,
    );
  });

  it('needs the OA channel and a daily budget; a budget or price alone is a mistake', () => {
    expect(issues({ ZALO_ZNS_TEMPLATE_TRAINING: '1: a=title', ZALO_ZNS_DAILY_LIMIT: '10' }).join('\n')).toContain('set the Zalo OA channel too');
    expect(issues({ ...OA, ZALO_ZNS_TEMPLATE_TRAINING: '1: a=title' }).join('\n')).toContain('ZALO_ZNS_DAILY_LIMIT: required with ZALO_ZNS_TEMPLATE_*');
    expect(issues({ ...OA, ZALO_ZNS_DAILY_LIMIT: '10' }).join('\n')).toContain('set at least one template');
    expect(issues({ ...OA, ZALO_ZNS_TEMPLATE_TRAINING: '1: a=title', ZALO_ZNS_DAILY_LIMIT: '-3' }).some((i) => i.startsWith('ZALO_ZNS_DAILY_LIMIT'))).toBe(
      true,
    );
  });
});
