/**
 * A small typed client for the Zalo Bot API (bot.zaloplatforms.com): `POST <root>/bot<TOKEN>/<method>`
 * with a JSON body, answered `{ok, result}` or `{ok:false, error_code, description}`.
 */

/** A failed Bot API call: the platform's error code (HTTP status when it gave none) and words. */
export class ZaloBotApiError extends Error {
  override name = 'ZaloBotApiError';
  constructor(
    readonly method: string,
    readonly code: number,
    readonly description: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(`Zalo Bot API ${method} failed: ${code} ${description}`);
  }
}

export interface ZaloBotInfo {
  id: string;
  account_name: string;
  account_type?: string;
  can_join_groups?: boolean;
}

export interface ZaloBotClientOptions {
  token: string;
  /** e.g. https://bot-api.zaloplatforms.com (older SDKs used https://bot-api.zapps.me). */
  apiRoot: string;
  /** Per-call timeout for ordinary calls (long polls add their own wait). */
  timeoutMs?: number;
}

export interface ZaloBotClient {
  call<R>(method: string, body?: Record<string, unknown>, o?: { timeoutMs?: number; signal?: AbortSignal }): Promise<R>;
  getMe(): Promise<ZaloBotInfo>;
  /** One update, or null when the long poll timed out with nothing new. */
  getUpdates(timeoutSeconds: number, signal?: AbortSignal): Promise<unknown | null>;
  setWebhook(url: string, secretToken: string): Promise<void>;
  deleteWebhook(): Promise<void>;
  sendMessage(chatId: string, text: string): Promise<{ message_id: string }>;
  sendPhoto(chatId: string, photoUrl: string, caption?: string): Promise<{ message_id: string }>;
}

interface Envelope<R> {
  ok?: boolean;
  result?: R;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

export function createZaloBotClient(o: ZaloBotClientOptions): ZaloBotClient {
  const root = `${o.apiRoot.replace(/\/+$/, '')}/bot${o.token}`;
  const defaultTimeout = o.timeoutMs ?? 30_000;

  async function call<R>(method: string, body: Record<string, unknown> = {}, c: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<R> {
    const timeout = AbortSignal.timeout(c.timeoutMs ?? defaultTimeout);
    const res = await fetch(`${root}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: c.signal ? AbortSignal.any([timeout, c.signal]) : timeout,
    });
    const text = await res.text();
    let env: Envelope<R>;
    try {
      env = JSON.parse(text) as Envelope<R>;
    } catch {
      throw new ZaloBotApiError(method, res.status, `non-JSON answer (HTTP ${res.status})`);
    }
    if (!res.ok || env.ok !== true) {
      throw new ZaloBotApiError(method, env.error_code ?? res.status, env.description ?? 'unknown error', env.parameters?.retry_after);
    }
    return env.result as R;
  }

  return {
    call,
    getMe: () => call<ZaloBotInfo>('getMe'),
    async getUpdates(timeoutSeconds, signal) {
      try {
        // The API takes the timeout as a string of seconds and answers with one update.
        return await call<unknown>('getUpdates', { timeout: String(timeoutSeconds) }, { timeoutMs: (timeoutSeconds + 15) * 1000, signal });
      } catch (e) {
        if (e instanceof ZaloBotApiError && e.code === 408) return null;
        throw e;
      }
    },
    async setWebhook(url, secretToken) {
      await call('setWebhook', { url, secret_token: secretToken });
    },
    async deleteWebhook() {
      await call('deleteWebhook');
    },
    sendMessage: (chatId, text) => call('sendMessage', { chat_id: chatId, text }),
    sendPhoto: (chatId, photo, caption) => call('sendPhoto', { chat_id: chatId, photo, ...(caption ? { caption } : {}) }),
  };
}
