import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The signature Zalo puts in `X-ZEvent-Signature` (`mac=<hex>`): plain SHA-256, not an HMAC, of
 * app id + the raw request body + the event's timestamp + the OA secret key.
 */
export function oaEventSignature(appId: string, rawBody: Buffer | string, timestamp: string, oaSecretKey: string): string {
  return createHash('sha256').update(appId).update(rawBody).update(timestamp).update(oaSecretKey).digest('hex');
}

/** True when the header carries the signature of these exact bytes (with or without `mac=`). */
export function verifyOaSignature(
  header: string | string[] | undefined,
  o: { appId: string; rawBody: Buffer; timestamp: string; oaSecretKey: string },
): boolean {
  const given = (Array.isArray(header) ? header[0] : header)?.trim().replace(/^mac=/i, '').toLowerCase();
  if (!given || !/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = oaEventSignature(o.appId, o.rawBody, o.timestamp, o.oaSecretKey);
  return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(expected, 'hex'));
}
