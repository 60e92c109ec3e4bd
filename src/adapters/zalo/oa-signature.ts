import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The signature Zalo puts in `X-ZEvent-Signature` (`mac=<hex>`): plain SHA-256, not an HMAC, of
 * app id + the raw request body + the event's timestamp + the OA secret key.
 */
export function oaEventSignature(appId: string, rawBody: Buffer | string, timestamp: string, oaSecretKey: string): string {
  return createHash('sha256').update(appId).update(rawBody).update(timestamp).update(oaSecretKey).digest('hex');
}

/** The hex digest of an `X-ZEvent-Signature` header (`mac=<hex>` or `<hex>`), or undefined when it cannot be one. */
export function oaSignatureOf(header: string | string[] | undefined): string | undefined {
  const given = (Array.isArray(header) ? header[0] : header)?.trim().replace(/^mac=/i, '').toLowerCase();
  return given && /^[0-9a-f]{64}$/.test(given) ? given : undefined;
}

/** True when the header carries the signature of these exact bytes (with or without `mac=`). */
export function verifyOaSignature(
  header: string | string[] | undefined,
  o: { appId: string; rawBody: Buffer; timestamp: string; oaSecretKey: string },
): boolean {
  const given = oaSignatureOf(header);
  if (!given) return false;
  const expected = oaEventSignature(o.appId, o.rawBody, o.timestamp, o.oaSecretKey);
  return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(expected, 'hex'));
}
