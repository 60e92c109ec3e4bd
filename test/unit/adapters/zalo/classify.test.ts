import { describe, expect, it } from 'vitest';
import { ZaloBotApiError } from '../../../../src/adapters/zalo/bot-api-client.js';
import { ZaloOaApiError, ZaloOaAuthError, ZaloOaAuthUnavailableError } from '../../../../src/adapters/zalo/oa-api-client.js';
import { OA_ERRORS } from '../../../../src/adapters/zalo/oa-errors.js';
import { classifyZaloBotError } from '../../../../src/adapters/zalo/zalo-bot-channel.js';
import { classifyOaError } from '../../../../src/adapters/zalo/zalo-oa-channel.js';
import type { SendFailure } from '../../../../src/delivery/retry-policy.js';

const oa = (code: number, message = 'error') => new ZaloOaApiError('/v3.0/oa/message/cs', code, message);
const bot = (code: number, retryAfterSeconds?: number) => new ZaloBotApiError('sendMessage', code, 'error', retryAfterSeconds);
const fetchFailed = () => new TypeError('fetch failed');
const timeout = () => ({ name: 'TimeoutError', message: 'The operation was aborted due to timeout' });

describe('classifyOaError', () => {
  it.each<[string, unknown, SendFailure]>([
    ['-32 (rate limit)', oa(-32), { kind: 'retry', afterMs: 2000 }],
    ['-100 (attachment expired: uploaded again)', oa(-100), { kind: 'retry' }],
    ['-230 (outside the interaction window)', oa(-230), { kind: 'unreachable', reason: 'outside_window' }],
    ['-231 (outside the consultation window)', oa(-231), { kind: 'unreachable', reason: 'outside_window' }],
    ['-232 (outside the interaction window)', oa(-232), { kind: 'unreachable', reason: 'outside_window' }],
    ['-213 (not a follower)', oa(-213), { kind: 'unreachable', reason: 'not_follower' }],
    ['-217 (declined the follow invitation, not a block)', oa(-217), { kind: 'unreachable', reason: 'declined' }],
    ['-227 (banned, or inactive > 45 days)', oa(-227), { kind: 'unreachable', reason: 'inactive' }],
    ['-244 (restricted this message type)', oa(-244), { kind: 'unreachable', reason: 'restricted' }],
    ['-211 (feature quota used up)', oa(-211), { kind: 'quota', quota: 'quota' }],
    ['-218 (receive quota of this user used up)', oa(-218), { kind: 'quota', quota: 'quota' }],
    ['-224 (OA package missing or too low)', oa(-224), { kind: 'quota', quota: 'package' }],
    ['-201 (invalid parameter)', oa(-201), { kind: 'fatal' }],
    ['-209 (app not activated)', oa(-209), { kind: 'fatal' }],
    ['-212 (API not registered)', oa(-212), { kind: 'fatal' }],
    ['-223 (OA has not authorised the app)', oa(-223), { kind: 'fatal' }],
    ['-240 (message API v2 shut down)', oa(-240), { kind: 'fatal' }],
    ['-216 (invalid access token, after the one refresh)', oa(-216), { kind: 'fatal' }],
    ['-220 (expired access token, after the one refresh)', oa(-220), { kind: 'fatal' }],
    ['an unknown negative code', oa(-999), { kind: 'fatal' }],
    ['a 5xx status (non-JSON HTTP answer)', oa(502), { kind: 'retry' }],
    ['an HTTP 429 (a proxy rate limit)', oa(429), { kind: 'retry', afterMs: 2000 }],
    ['ZaloOaAuthError (a refused refresh)', new ZaloOaAuthError(-14014, 'Invalid refresh token'), { kind: 'fatal' }],
    ['ZaloOaAuthUnavailableError (token endpoint down)', new ZaloOaAuthUnavailableError(502, 'HTTP 502, not JSON'), { kind: 'retry' }],
    ['a TypeError (fetch failed)', fetchFailed(), { kind: 'retry' }],
    ['a DOMException-like TimeoutError', timeout(), { kind: 'retry' }],
    ['an AbortError', Object.assign(new Error('aborted'), { name: 'AbortError' }), { kind: 'fatal' }],
    ['a plain Error', new Error('boom'), { kind: 'fatal' }],
    ['a Zalo Bot API error', bot(500), { kind: 'fatal' }],
    ['a string', 'boom', { kind: 'fatal' }],
    ['null', null, { kind: 'fatal' }],
    ['undefined', undefined, { kind: 'fatal' }],
  ])('classifies %s', (_, error, expected) => {
    expect(classifyOaError(error)).toEqual(expected);
  });

  it('classifies a real DOMException TimeoutError as retry', () => {
    expect(classifyOaError(new DOMException('timed out', 'TimeoutError'))).toEqual({ kind: 'retry' });
  });

  it('defers -234 (night ban, 22:00–06:00) until 06:00 Việt Nam time', () => {
    // 23:30 in Việt Nam (16:30 UTC) → 06:00 the next morning (23:00 UTC).
    expect(classifyOaError(oa(-234), new Date('2026-12-05T16:30:00Z'))).toEqual({
      kind: 'later',
      reason: 'night_ban',
      notBefore: new Date('2026-12-05T23:00:00Z'),
    });
    // 02:00 in Việt Nam (19:00 UTC the day before) → 06:00 the same morning.
    expect(classifyOaError(oa(-234), new Date('2026-12-05T19:00:00Z'))).toMatchObject({ notBefore: new Date('2026-12-05T23:00:00Z') });
  });

  it('maps no documented code to "blocked": -217 is a declined follow invitation', () => {
    const kinds = Object.values(OA_ERRORS).map((e) => e.kind);
    expect(kinds).not.toContain('blocked');
    expect(OA_ERRORS[-217]).toMatchObject({ kind: 'unreachable', reason: 'declined' });
  });

  it('cites a source for every code in the table', () => {
    for (const [code, effect] of Object.entries(OA_ERRORS)) expect(effect.source, code).toMatch(/ErrorCatalog|O\d/);
  });
});

describe('classifyZaloBotError', () => {
  it.each<[string, unknown, SendFailure]>([
    ['429 with retry_after 3', bot(429, 3), { kind: 'retry', afterMs: 3000 }],
    ['429 without retry_after', bot(429), { kind: 'retry', afterMs: undefined }],
    ['500', bot(500), { kind: 'retry' }],
    ['502', bot(502), { kind: 'retry' }],
    ['400', bot(400), { kind: 'fatal' }],
    ['401', bot(401), { kind: 'fatal' }],
    ['403', bot(403), { kind: 'fatal' }],
    ['404', bot(404), { kind: 'fatal' }],
    ['a TypeError (fetch failed)', fetchFailed(), { kind: 'retry' }],
    ['a DOMException-like TimeoutError', timeout(), { kind: 'retry' }],
    ['a plain Error', new Error('boom'), { kind: 'fatal' }],
    ['a Zalo OA API error', oa(-32), { kind: 'fatal' }],
    ['null', null, { kind: 'fatal' }],
    ['undefined', undefined, { kind: 'fatal' }],
  ])('classifies %s', (_, error, expected) => {
    expect(classifyZaloBotError(error)).toEqual(expected);
  });

  it('waits exactly retry_after for a 429', () => {
    const f = classifyZaloBotError(bot(429, 3));
    expect(f.kind === 'retry' && f.afterMs).toBe(3000);
  });

  it('classifies a real DOMException TimeoutError as retry', () => {
    expect(classifyZaloBotError(new DOMException('timed out', 'TimeoutError'))).toEqual({ kind: 'retry' });
  });
});
