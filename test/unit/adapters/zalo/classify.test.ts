import { describe, expect, it } from 'vitest';
import { ZaloBotApiError } from '../../../../src/adapters/zalo/bot-api-client.js';
import { ZaloOaApiError, ZaloOaAuthError } from '../../../../src/adapters/zalo/oa-api-client.js';
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
    ['-230 (outside the interaction window)', oa(-230), { kind: 'unreachable', reason: 'outside_window' }],
    ['-232 (outside the interaction window)', oa(-232), { kind: 'unreachable', reason: 'outside_window' }],
    ['-213 (not a follower)', oa(-213), { kind: 'unreachable', reason: 'not_follower' }],
    ['-217 (blocked)', oa(-217), { kind: 'unreachable', reason: 'blocked' }],
    ['-227 (inactive user)', oa(-227), { kind: 'unreachable', reason: 'inactive' }],
    ['-234 (night ban)', oa(-234), { kind: 'unreachable', reason: 'night_ban' }],
    ['-244 (restricted)', oa(-244), { kind: 'unreachable', reason: 'restricted' }],
    ['-201 (invalid parameter)', oa(-201), { kind: 'fatal' }],
    ['-216 (invalid access token)', oa(-216), { kind: 'fatal' }],
    ['an unknown negative code', oa(-999), { kind: 'fatal' }],
    ['a 5xx status (non-JSON HTTP answer)', oa(502), { kind: 'retry' }],
    ['an HTTP 429 (a proxy rate limit)', oa(429), { kind: 'retry', afterMs: 2000 }],
    ['ZaloOaAuthError', new ZaloOaAuthError(-14014, 'Invalid refresh token'), { kind: 'fatal' }],
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
