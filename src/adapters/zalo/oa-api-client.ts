import type { TokenPair } from '../../services/platform-tokens/platform-token.js';

/**
 * A small typed client for the Zalo Official Account Open API v3 and its OAuth v4 token endpoint.
 * Every API answer is `{error, message, data}` with HTTP 200, errors included: only error 0 is
 * success. The access token travels in an `access_token` header.
 */

/** An API call the platform refused; `code` is Zalo's (negative) error number. */
export class ZaloOaApiError extends Error {
  override name = 'ZaloOaApiError';
  constructor(
    readonly path: string,
    readonly code: number,
    readonly apiMessage: string,
  ) {
    super(`Zalo OA ${path} failed: ${code} ${apiMessage}`);
  }
}

/**
 * The token endpoint could not be reached or had a fault (network error, timeout, HTTP 5xx, an
 * answer that is not Zalo's JSON): nothing was refused, so the refresh token is kept (only a
 * successful exchange stores a new pair) and the refresh is tried again later.
 */
export class ZaloOaAuthUnavailableError extends Error {
  override name = 'ZaloOaAuthUnavailableError';
  constructor(
    readonly status: number,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Zalo OA token endpoint unavailable: ${reason}`, options);
  }
}

/** The token endpoint refused a refresh (a used or revoked refresh token, a wrong app secret). */
export class ZaloOaAuthError extends Error {
  override name = 'ZaloOaAuthError';
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(`Zalo OA token refresh refused: ${code} ${reason}`);
  }
}

/** Where the client keeps its tokens: the database, so that rotation survives restarts and is shared. */
export interface OaTokenSource {
  load(): Promise<TokenPair | null>;
  /** Spends the stored refresh token with `exchange` unless another process already did (see rotatePlatformToken). */
  rotate(seen: string | null, exchange: (refreshToken: string) => Promise<TokenPair>): Promise<TokenPair>;
}

export interface ZaloOaClientOptions {
  appId: string;
  appSecret: string;
  /** https://openapi.zalo.me */
  apiRoot: string;
  /** https://oauth.zaloapp.com */
  oauthRoot: string;
  tokens: OaTokenSource;
  timeoutMs?: number;
  /** A token this close to its expiry is refreshed before use. */
  refreshMarginMs?: number;
  now?: () => number;
}

/** Errors that mean the access token is invalid or expired: refresh once and retry once. */
const TOKEN_ERRORS = new Set([-216, -220]);

export interface OaMessage {
  text?: string;
  attachment?: Record<string, unknown>;
}

export interface ZaloOaClient {
  /** Sends a customer-service message (within the interaction window). */
  sendMessage(userId: string, message: OaMessage): Promise<{ message_id: string }>;
  /** Uploads a file (PDF, DOC, DOCX, CSV, XLSX...) and returns the token a file message carries. */
  uploadFile(filename: string, content: Uint8Array, mimeType?: string): Promise<string>;
  /** Calls any API path with a JSON body. */
  post<R>(path: string, body: unknown): Promise<R>;
  /** A valid access token, refreshed (single-flight) when missing or about to expire. */
  accessToken(): Promise<string>;
  /**
   * Rotates the pair now, whether or not the access token is still valid (the daily job, before
   * the refresh token ages out). Single-flight with the other refreshes; when another process
   * rotated the stored pair meanwhile, its pair is taken and nothing is spent.
   */
  refreshNow(): Promise<void>;
  /** How many refreshes this process made (for tests and /healthz). */
  readonly refreshes: number;
}

export function createZaloOaClient(o: ZaloOaClientOptions): ZaloOaClient {
  const apiRoot = o.apiRoot.replace(/\/+$/, '');
  const oauthRoot = o.oauthRoot.replace(/\/+$/, '');
  const now = o.now ?? Date.now;
  const margin = o.refreshMarginMs ?? 5 * 60_000;
  let current: TokenPair | null = null;
  let loaded = false;
  let inFlight: Promise<TokenPair> | null = null;
  let refreshes = 0;

  const fresh = (p: TokenPair | null): p is TokenPair & { accessToken: string } => !!p?.accessToken && (!p.expiresAt || p.expiresAt.getTime() - now() > margin);

  /**
   * Spends `refreshToken` at the token endpoint. Only an answer in Zalo's JSON with an `error` code
   * is a refusal (ZaloOaAuthError: the caller may try another refresh token); a network error, a
   * timeout, an HTTP 5xx or an answer that is not JSON is an outage (ZaloOaAuthUnavailableError),
   * after which the same refresh token is tried again later and never replaced.
   */
  async function exchange(refreshToken: string): Promise<TokenPair> {
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${oauthRoot}/v4/oa/access_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: o.appSecret },
        body: new URLSearchParams({ refresh_token: refreshToken, app_id: o.appId, grant_type: 'refresh_token' }).toString(),
        signal: AbortSignal.timeout(o.timeoutMs ?? 30_000),
      });
      text = await res.text();
    } catch (err) {
      throw new ZaloOaAuthUnavailableError(0, (err as Error)?.name ?? 'network error', { cause: err });
    }
    let body: Record<string, unknown> | null = null;
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
    } catch {
      body = null;
    }
    if (res.status >= 500 || !body) throw new ZaloOaAuthUnavailableError(res.status, `HTTP ${res.status}${body ? '' : ', not JSON'}`);
    if (typeof body.access_token !== 'string' || typeof body.refresh_token !== 'string') {
      const code = Number(body.error);
      if (!Number.isFinite(code) || code === 0) throw new ZaloOaAuthUnavailableError(res.status, `HTTP ${res.status}, no token and no error code`);
      throw new ZaloOaAuthError(code, String(body.error_name ?? body.error_description ?? body.message ?? `HTTP ${res.status}`));
    }
    refreshes++;
    // expires_in comes as a string of seconds ("90000", 25 hours).
    const seconds = Number(body.expires_in);
    return {
      accessToken: body.access_token,
      refreshToken: body.refresh_token,
      expiresAt: Number.isFinite(seconds) && seconds > 0 ? new Date(now() + seconds * 1000) : null,
    };
  }

  /** One refresh at a time in this process; `failed` is the access token the platform just refused. */
  function refresh(failed: string | null): Promise<TokenPair> {
    if (inFlight) return inFlight;
    if (fresh(current) && current.accessToken !== failed) return Promise.resolve(current);
    inFlight = o.tokens
      .rotate(current?.refreshToken ?? null, exchange)
      .then((pair) => (current = pair))
      .finally(() => (inFlight = null));
    return inFlight;
  }

  async function refreshNow(): Promise<void> {
    if (inFlight) {
      await inFlight;
      return;
    }
    const stored = await o.tokens.load();
    loaded = true;
    if (stored) current = stored;
    inFlight = o.tokens
      .rotate(current?.refreshToken ?? null, exchange)
      .then((pair) => (current = pair))
      .finally(() => (inFlight = null));
    await inFlight;
  }

  async function accessToken(): Promise<string> {
    if (!loaded) {
      current = await o.tokens.load();
      loaded = true;
    }
    if (fresh(current)) return current.accessToken;
    const pair = await refresh(current?.accessToken ?? null);
    if (!pair.accessToken) throw new ZaloOaAuthError(0, 'the token endpoint returned no access token');
    return pair.accessToken;
  }

  async function call<R>(path: string, body: () => { body: string | FormData; type?: string }): Promise<R> {
    for (let attempt = 0; ; attempt++) {
      const token = await accessToken();
      const b = body();
      const res = await fetch(`${apiRoot}${path}`, {
        method: 'POST',
        headers: { access_token: token, ...(b.type ? { 'content-type': b.type } : {}) },
        body: b.body,
        signal: AbortSignal.timeout(o.timeoutMs ?? 30_000),
      });
      const text = await res.text();
      let env: { error?: number; message?: string; data?: R };
      try {
        env = JSON.parse(text) as typeof env;
      } catch {
        throw new ZaloOaApiError(path, res.status, `non-JSON answer (HTTP ${res.status})`);
      }
      if (env.error === 0) return env.data as R;
      const code = Number(env.error ?? (res.status === 401 ? -216 : res.status));
      if ((TOKEN_ERRORS.has(code) || res.status === 401) && attempt === 0) {
        await refresh(token);
        continue;
      }
      throw new ZaloOaApiError(path, code, env.message ?? 'unknown error');
    }
  }

  const post = <R>(path: string, json: unknown) => call<R>(path, () => ({ body: JSON.stringify(json), type: 'application/json' }));

  return {
    sendMessage: (userId, message) => post('/v3.0/oa/message/cs', { recipient: { user_id: userId }, message }),
    async uploadFile(filename, content, mimeType) {
      const data = await call<{ token: string }>('/v2.0/oa/upload/file', () => {
        const form = new FormData();
        form.append('file', new Blob([content], { type: mimeType ?? 'application/octet-stream' }), filename);
        return { body: form };
      });
      return data.token;
    },
    post,
    accessToken,
    refreshNow,
    get refreshes() {
      return refreshes;
    },
  };
}
