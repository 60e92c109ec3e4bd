import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { oaEventSignature, verifyOaSignature } from '../../../../src/adapters/zalo/oa-signature.js';
import { OA_SIGNATURE_VECTORS, oneChange } from '../../../fixtures/zalo-oa-signature-vectors.js';

const appId = '3608465249409039670';
const oaSecretKey = 'Xy7pQ2rT9sLm4KdW8vNb';
const timestamp = '1746086400123';
const body = Buffer.from(
  JSON.stringify({ app_id: appId, event_name: 'user_send_text', sender: { id: '2468' }, message: { msg_id: 'm1', text: 'Xin chào' }, timestamp }),
);
/** Vietnamese text: multi-byte UTF-8, signed over the raw bytes. */
const viBody = Buffer.from('{"message":{"text":"Đăng ký hợp tác xã — ưu đãi tháng Năm ✅"}}', 'utf8');

/** The reference signature: one SHA-256 over the concatenated bytes, computed independently of the module. */
function reference(id: string, raw: Buffer, ts: string, key: string): string {
  return createHash('sha256')
    .update(Buffer.concat([Buffer.from(id, 'utf8'), raw, Buffer.from(ts, 'utf8'), Buffer.from(key, 'utf8')]))
    .digest('hex');
}

const opts = (over: Partial<{ appId: string; rawBody: Buffer; timestamp: string; oaSecretKey: string }> = {}) => ({
  appId,
  rawBody: body,
  timestamp,
  oaSecretKey,
  ...over,
});

describe('oaEventSignature', () => {
  it('is sha256(appId + body + timestamp + key) as one string, in lowercase hex', () => {
    const expected = createHash('sha256')
      .update(appId + body.toString('utf8') + timestamp + oaSecretKey)
      .digest('hex');
    expect(oaEventSignature(appId, body, timestamp, oaSecretKey)).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it('matches a fixed vector', () => {
    // sha256("1" + "{}" + "2" + "k") = sha256("1{}2k")
    expect(oaEventSignature('1', '{}', '2', 'k')).toBe(createHash('sha256').update('1{}2k').digest('hex'));
  });

  it('signs the raw UTF-8 bytes of a Vietnamese body', () => {
    expect(viBody.length).toBeGreaterThan([...viBody.toString('utf8')].length);
    expect(oaEventSignature(appId, viBody, timestamp, oaSecretKey)).toBe(reference(appId, viBody, timestamp, oaSecretKey));
  });

  it('gives the same signature for a string body and its UTF-8 bytes', () => {
    expect(oaEventSignature(appId, viBody.toString('utf8'), timestamp, oaSecretKey)).toBe(oaEventSignature(appId, viBody, timestamp, oaSecretKey));
  });
});

describe('verifyOaSignature', () => {
  const sig = reference(appId, body, timestamp, oaSecretKey);
  const viSig = reference(appId, viBody, timestamp, oaSecretKey);

  it.each<[string, string | string[]]>([
    ['mac=<hex>', `mac=${sig}`],
    ['plain hex', sig],
    ['uppercase hex', sig.toUpperCase()],
    ['MAC= prefix in uppercase', `MAC=${sig.toUpperCase()}`],
    ['surrounding whitespace', `  mac=${sig}\t`],
    ['header as an array (first value)', [`mac=${sig}`]],
    ['header as an array with a second value', [`mac=${sig}`, 'mac=junk']],
  ])('accepts %s', (_, header) => {
    expect(verifyOaSignature(header, opts())).toBe(true);
  });

  it('accepts the signature of a Vietnamese UTF-8 body', () => {
    expect(verifyOaSignature(`mac=${viSig}`, opts({ rawBody: viBody }))).toBe(true);
  });

  it('rejects a Vietnamese body signed over a different normalisation of the same text', () => {
    // "Đăng" decomposed (NFD) is different bytes: the signature must not match.
    const nfd = Buffer.from(viBody.toString('utf8').normalize('NFD'), 'utf8');
    expect(nfd.equals(viBody)).toBe(false);
    expect(verifyOaSignature(`mac=${viSig}`, opts({ rawBody: nfd }))).toBe(false);
  });

  const flipped = Buffer.from(body);
  flipped[10] = flipped[10]! ^ 0x01;
  const viFlipped = Buffer.from(viBody);
  viFlipped[viFlipped.length - 3] = viFlipped[viFlipped.length - 3]! ^ 0x01;

  it.each<[string, string | string[] | undefined, ReturnType<typeof opts>]>([
    ['a wrong key', `mac=${sig}`, opts({ oaSecretKey: `${oaSecretKey}x` })],
    ['a different app id', `mac=${sig}`, opts({ appId: '3608465249409039671' })],
    ['a body changed by one byte', `mac=${sig}`, opts({ rawBody: flipped })],
    ['a Vietnamese body changed by one byte', `mac=${viSig}`, opts({ rawBody: viFlipped })],
    ['a body with a trailing newline', `mac=${sig}`, opts({ rawBody: Buffer.concat([body, Buffer.from('\n')]) })],
    ['a different timestamp', `mac=${sig}`, opts({ timestamp: '1746086400124' })],
    ['a missing header', undefined, opts()],
    ['an empty array', [], opts()],
    ['an empty string', '', opts()],
    ['only the prefix', 'mac=', opts()],
    ['non-hex of the right length', `mac=${'g'.repeat(64)}`, opts()],
    ['a signature with one non-hex character', `mac=${sig.slice(0, 63)}z`, opts()],
    ['a short hex', `mac=${sig.slice(0, 63)}`, opts()],
    ['a long hex', `mac=${sig}0`, opts()],
    ['a truncated 32-byte prefix', `mac=${sig.slice(0, 32)}`, opts()],
    ['a base64 signature', `mac=${Buffer.from(sig, 'hex').toString('base64')}`, opts()],
    [
      'an HMAC-SHA256 in place of the plain hash',
      'mac=' +
        createHmac('sha256', oaSecretKey)
          .update(appId + body.toString('utf8') + timestamp)
          .digest('hex'),
      opts(),
    ],
    ['another prefix', `sha256=${sig}`, opts()],
  ])('rejects %s', (_, header, o) => {
    expect(verifyOaSignature(header, o)).toBe(false);
  });
});

/** Fixed vectors computed outside the project's code with sha256sum (test/fixtures/zalo-oa-signature-vectors.ts). */
describe('fixed vectors (sha256sum)', () => {
  it.each(OA_SIGNATURE_VECTORS.map((v, i) => [i + 1, v] as const))('vector %i: computed exactly, accepted, and refused one character away', (_, v) => {
    const o = { appId: v.appId, rawBody: Buffer.from(v.body, 'utf8'), timestamp: v.timestamp, oaSecretKey: v.oaSecretKey };
    expect(`mac=${oaEventSignature(v.appId, o.rawBody, v.timestamp, v.oaSecretKey)}`).toBe(v.header);
    expect(verifyOaSignature(v.header, o)).toBe(true);
    for (const i of [0, 20, v.body.length - 3]) expect(verifyOaSignature(v.header, { ...o, rawBody: Buffer.from(oneChange(v.body, i), 'utf8') })).toBe(false);
    expect(verifyOaSignature(v.header, { ...o, timestamp: oneChange(v.timestamp, v.timestamp.length - 1) })).toBe(false);
    expect(verifyOaSignature(v.header, { ...o, appId: oneChange(v.appId, v.appId.length - 1) })).toBe(false);
    expect(verifyOaSignature(v.header, { ...o, oaSecretKey: oneChange(v.oaSecretKey, 0) })).toBe(false);
    expect(verifyOaSignature(oneChange(v.header, v.header.length - 1), o)).toBe(false);
  });
});
