import type { OutboundMessage } from '../../lib/messages.js';
import { addDays, vnDay, vnMidnight, vnNextHour } from '../../lib/vn-time.js';
import { SendDeferredError, SendUnreachableError, type SendFailure } from '../../delivery/retry-policy.js';
import type { ChannelSender } from '../../delivery/send-to-person.js';
import { renderZnsData, type ZnsTemplates } from '../../services/announcements/zns-template.js';

/**
 * A small client for Zalo's notification service (ZNS; "ZBS Template Message" since 2026): an
 * approved template sent to a phone number, paid per message. Sources (README, "ZNS"):
 *
 * - `POST https://business.openapi.zalo.me/message/template`, header `access_token` (the OA's
 *   access token), JSON `{phone, template_id, template_data, tracking_id}`: field-vn/zalo
 *   src/Core/Channels/OA/Resources/ZbsResource.php (send(), base URL business.openapi.zalo.me,
 *   template_data values stringified, tracking_id optional) and @warriorteam/redai-zalo-sdk
 *   dist/services/zns.service.js (endpoint `sendTemplate`).
 * - The answer is Zalo's usual `{error, message, data}`, error 0 on success; `data` reported as
 *   `{msg_id, sent_time, quota: {dailyQuota, remainingQuota}}` (reported: the brief and the
 *   redai SDK's ZNSSendResult type; not checked against Zalo's own page).
 * - Phone: Vietnamese numbers as `84…` without "+" (field-vn/zalo src/Support/PhoneNumber.php).
 * - Error codes: field-vn/zalo src/Core/Errors/ErrorCatalog.php, the "ZBS" table it cites
 *   (https://developers.zalo.me/docs/zbs-template-message/bang-ma-loi) and the OA table for tokens.
 */

/** The send API refused; `code` is Zalo's (negative) error number. */
export class ZaloZnsApiError extends Error {
  override name = 'ZaloZnsApiError';
  constructor(
    readonly code: number,
    readonly apiMessage: string,
  ) {
    super(`Zalo ZNS send failed: ${code} ${apiMessage}`);
  }
}

/** The recipient cannot get ZNS: not retried (ErrorCatalog.php, ZBS table). */
const UNDELIVERABLE: Record<number, string> = {
  [-108]: 'zns_invalid_phone', // "Số điện thoại không hợp lệ hoặc chưa đăng ký Zalo"
  [-118]: 'zns_not_zalo_user', // "Số này chưa có tài khoản Zalo, hoặc đã vô hiệu hoá trên 30 ngày"
  [-110]: 'zns_old_zalo_version', // "Phiên bản Zalo của người nhận không hỗ trợ loại tin này"
  [-139]: 'zns_declined', // "Người dùng từ chối nhận loại tin ZBS này"
};
/** The sending account's quota or balance (ZBS: -115 balance, -126 development wallet; OA: -211 quota). */
const QUOTA = new Set([-115, -126, -211]);
/** Invalid or expired access token (OA table -216/-220; ZBS table -124). Refreshed once, then retried. */
const TOKEN = new Set([-124, -216, -220]);
/** "Zalo không gửi mẫu này trong khung 22h–6h" (ZBS -133). */
const NIGHT = -133;

export interface ZnsSendResult {
  msgId: string;
  /** What Zalo says is left today, when it says (reported field names). */
  remainingQuota?: number;
}

export interface ZnsClientOptions {
  /** https://business.openapi.zalo.me */
  apiRoot: string;
  /** The OA's access token (the OA client's token store: no second token). */
  accessToken(): Promise<string>;
  /** The platform refused `failed`: rotate the OA's pair now (once). */
  refresh(failed: string): Promise<void>;
  timeoutMs?: number;
}

export interface ZnsClient {
  send(phone: string, templateId: string, data: Record<string, string>, trackingId?: string): Promise<ZnsSendResult>;
}

export function createZnsClient(o: ZnsClientOptions): ZnsClient {
  const root = o.apiRoot.replace(/\/+$/, '');
  return {
    async send(phone, templateId, data, trackingId) {
      for (let attempt = 0; ; attempt++) {
        const token = await o.accessToken();
        const res = await fetch(`${root}/message/template`, {
          method: 'POST',
          headers: { access_token: token, 'content-type': 'application/json' },
          body: JSON.stringify({ phone, template_id: templateId, template_data: data, ...(trackingId ? { tracking_id: trackingId } : {}) }),
          signal: AbortSignal.timeout(o.timeoutMs ?? 30_000),
        });
        const text = await res.text();
        let env: { error?: number; message?: string; data?: { msg_id?: string; quota?: { remainingQuota?: number | string } } };
        try {
          env = JSON.parse(text) as typeof env;
        } catch {
          throw new ZaloZnsApiError(res.status, `non-JSON answer (HTTP ${res.status})`);
        }
        if (env.error === 0) {
          const remaining = Number(env.data?.quota?.remainingQuota);
          return { msgId: String(env.data?.msg_id ?? ''), ...(Number.isFinite(remaining) ? { remainingQuota: remaining } : {}) };
        }
        const code = Number(env.error ?? (res.status === 401 ? -216 : res.status));
        if ((TOKEN.has(code) || res.status === 401) && attempt === 0) {
          await o.refresh(token);
          continue;
        }
        throw new ZaloZnsApiError(code, env.message ?? 'unknown error');
      }
    },
  };
}

/** The start of the next Việt Nam day after `at` (when the daily budget and quota start again). */
export function nextVnDay(at: Date): Date {
  const d = addDays(vnDay(at), 1);
  return vnMidnight(d.year, d.month, d.day);
}

/** What a failed ZNS send means for the outbox. */
export function classifyZnsError(error: unknown, now = new Date()): SendFailure {
  if (error instanceof ZaloZnsApiError) {
    const reason = UNDELIVERABLE[error.code];
    if (reason) return { kind: 'unreachable', reason };
    if (QUOTA.has(error.code)) return { kind: 'later', reason: 'quota', notBefore: nextVnDay(now) };
    if (error.code === NIGHT) return { kind: 'later', reason: 'night_ban', notBefore: vnNextHour(now, 6) };
    if (error.code === -32 || error.code === 429) return { kind: 'retry', afterMs: 60_000 };
  }
  // Token refused twice, template problems, 5xx, network: retried with backoff by the lane.
  return { kind: 'retry' };
}

export interface ZnsSenderOptions {
  client: ZnsClient;
  templates: ZnsTemplates;
  /** Sends per Việt Nam day, all processes together (ZALO_ZNS_DAILY_LIMIT). */
  dailyLimit: number;
  /** Today's sends so far (the outbox rows of channel `zns` marked sent since `since`). */
  countSentSince(since: Date): Promise<number>;
  now?: () => Date;
}

/**
 * The ZNS lane's sender: an outbox row of channel `zns` is addressed to a phone number (84…) and
 * carries the announcement's fields (`msg.template`); they are rendered into the template's
 * parameters by the configured mapping and sent. Within the daily budget only: once today's sends
 * (with those under way here) reach it, the rest wait for the next Việt Nam day (deferred, not
 * failed). Invalid numbers and non-Zalo users are undeliverable; quota waits for tomorrow; the
 * rest is retried with backoff.
 */
export function createZnsSender(o: ZnsSenderOptions): ChannelSender {
  const now = o.now ?? (() => new Date());
  let underWay = 0;
  /** This process's sends today (some not yet marked sent in the outbox: the lane marks them in groups). */
  let here = { day: 0, n: 0 };
  return async (phone: string, msg: OutboundMessage) => {
    const kind = msg.template?.name;
    const template = kind ? o.templates[kind as keyof ZnsTemplates] : undefined;
    if (!template || !msg.template) throw new SendUnreachableError('zns_no_template', null);
    const at = now();
    const day = vnDay(at);
    const today = vnMidnight(day.year, day.month, day.day);
    if (here.day !== today.getTime()) here = { day: today.getTime(), n: 0 };
    underWay++;
    try {
      // Sends under way here count too, and this process's sends not yet marked; other processes' once marked.
      const sent = Math.max(await o.countSentSince(today), here.n);
      if (sent + underWay > o.dailyLimit) {
        throw new SendDeferredError('zns_daily_limit', nextVnDay(at), null);
      }
      const data = renderZnsData(template, msg.template.fields);
      try {
        const result = await o.client.send(phone, template.templateId, data);
        if (here.day === today.getTime()) here.n++;
        return result.msgId || undefined;
      } catch (err) {
        const failure = classifyZnsError(err, at);
        if (failure.kind === 'unreachable') throw new SendUnreachableError(failure.reason, err);
        if (failure.kind === 'later') throw new SendDeferredError(failure.reason, failure.notBefore, err);
        throw err;
      }
    } finally {
      underWay--;
    }
  };
}
