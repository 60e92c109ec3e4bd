import type { SendFailure } from '../../delivery/retry-policy.js';
import { vnNextHour } from '../../lib/vn-time.js';
import { ZaloOaApiError, ZaloOaAuthError, ZaloOaAuthUnavailableError } from './oa-api-client.js';

/*
 * What each documented Zalo OA error code means for a message we send, and so what the bot does.
 * Sources (ids of ../shared/zalo-api.md §2.5 and its "Corrections and additions"):
 *   [ErrorCatalog] field-vn/zalo `src/Core/Errors/ErrorCatalog.php` (O5), a copy of Zalo's
 *                  "phụ lục / mã lỗi" table: https://developers.zalo.me/docs/official-account/phu-luc/ma-loi
 *   [O6]           the OA error table (zalo-api.md §2.5)
 *   [Chatwoot]     chatwoot/chatwoot `app/services/zalo_oa/message_sender.rb` (O2): retryable
 *                  [-32, -100]; window [-213, -217, -227, -230, -232, -234, -244]
 *   [O2/O5]        -216/-220: refresh once and retry once (done in oa-api-client.ts, not here)
 *
 * The statuses (src/delivery/retry-policy.ts), and who reacts to them:
 *   unreachable → SendUnreachableError: the account is marked unreachable with the reason until the
 *                 user writes again (markAccountUnreachable: not opted out, not blocked); not retried.
 *   quota       → SendQuotaError: the OA's quota or package, not the user's doing. The account is left
 *                 alone; a queued copy waits hours and is tried again (channel lane, outbox worker).
 *   later       → SendDeferredError: Zalo takes it after 06:00 Việt Nam time (queued copies wait).
 *   retry       → a passing fault, retried with backoff (then by the outbox, hours apart).
 *   fatal       → retrying would not help (bad parameters, app or OA misconfigured).
 * No OA code means "the user blocked the OA": -217 is only the follow invitation being declined, and
 * unfollowing arrives as an `unfollow` event (marked opted out there).
 */

export type OaErrorEffect =
  | { kind: 'unreachable'; reason: 'outside_window' | 'declined' | 'not_follower' | 'inactive' | 'restricted' }
  | { kind: 'quota'; quota: 'quota' | 'package' }
  | { kind: 'night_ban' }
  | { kind: 'retry'; afterMs?: number };

/** The documented codes and their effect; a code not listed (e.g. -201, -209, -212, -223, -240) is fatal. */
export const OA_ERRORS: Readonly<Record<number, OaErrorEffect & { source: string }>> = {
  // "Người dùng không tương tác với OA trong 7 ngày qua" / "…trong cửa sổ tin Tư vấn" / "…tương tác cuối đã hết hạn"
  [-230]: { kind: 'unreachable', reason: 'outside_window', source: 'ErrorCatalog, O6, Chatwoot' },
  [-231]: { kind: 'unreachable', reason: 'outside_window', source: 'ErrorCatalog; zalo-api.md corrections' },
  [-232]: { kind: 'unreachable', reason: 'outside_window', source: 'ErrorCatalog, O6, Chatwoot' },
  // "Người dùng đã chặn tin mời quan tâm từ OA": declined the follow invitation, not a block of the OA.
  [-217]: { kind: 'unreachable', reason: 'declined', source: 'ErrorCatalog; zalo-api.md corrections' },
  // "Người dùng chưa quan tâm Official Account"
  [-213]: { kind: 'unreachable', reason: 'not_follower', source: 'ErrorCatalog, O6, Chatwoot' },
  // "Tài khoản người dùng bị khóa hoặc không online hơn 45 ngày"
  [-227]: { kind: 'unreachable', reason: 'inactive', source: 'ErrorCatalog, O6, Chatwoot' },
  // "Người dùng đã hạn chế nhận loại tin này từ OA"
  [-244]: { kind: 'unreachable', reason: 'restricted', source: 'ErrorCatalog, O6, Chatwoot' },
  // "Vượt quá quota sử dụng của tính năng" / "Đã quá giới hạn gửi đến người dùng này" (category quota)
  [-211]: { kind: 'quota', quota: 'quota', source: 'ErrorCatalog, O6' },
  [-218]: { kind: 'quota', quota: 'quota', source: 'ErrorCatalog, O6' },
  // "OA chưa mua gói dịch vụ cho tính năng này" / "OA tier package too low"
  [-224]: { kind: 'quota', quota: 'package', source: 'ErrorCatalog, O6' },
  // "Loại tin này không gửi được từ 22h đến 6h sáng"
  [-234]: { kind: 'night_ban', source: 'ErrorCatalog, O6' },
  // "Vượt quá giới hạn tốc độ request/phút" (4000/min per app: zalo-api.md §2.4)
  [-32]: { kind: 'retry', afterMs: 2000, source: 'ErrorCatalog, O4, Chatwoot' },
  // "attachment_id đã hết hạn": a file send uploads again on each attempt.
  [-100]: { kind: 'retry', source: 'ErrorCatalog, O6, Chatwoot' },
};

/** When Zalo's night ban (22:00–06:00 Việt Nam time) ends. */
const NIGHT_BAN_ENDS_AT_HOUR = 6;

/**
 * How an OA failure is handled (see OA_ERRORS). Besides Zalo's codes: an HTTP 429 from a proxy is a
 * rate limit, an HTTP 5xx or non-JSON answer, a network error or a timeout a passing fault, and so
 * is an outage of the token endpoint (ZaloOaAuthUnavailableError); a refused refresh is fatal.
 */
export function classifyOaError(error: unknown, now: Date = new Date()): SendFailure {
  if (error instanceof ZaloOaApiError) {
    const effect = OA_ERRORS[error.code];
    if (effect) {
      switch (effect.kind) {
        case 'unreachable':
          return { kind: 'unreachable', reason: effect.reason };
        case 'quota':
          return { kind: 'quota', quota: effect.quota };
        case 'night_ban':
          return { kind: 'later', reason: 'night_ban', notBefore: vnNextHour(now, NIGHT_BAN_ENDS_AT_HOUR) };
        case 'retry':
          return effect.afterMs === undefined ? { kind: 'retry' } : { kind: 'retry', afterMs: effect.afterMs };
      }
    }
    if (error.code === 429) return { kind: 'retry', afterMs: 2000 };
    if (error.code >= 500) return { kind: 'retry' };
    return { kind: 'fatal' };
  }
  if (error instanceof ZaloOaAuthUnavailableError) return { kind: 'retry' };
  if (error instanceof ZaloOaAuthError) return { kind: 'fatal' };
  const name = (error as Error)?.name;
  if (name === 'TimeoutError' || name === 'TypeError') return { kind: 'retry' };
  return { kind: 'fatal' };
}
