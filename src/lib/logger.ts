import { pino, type Logger } from 'pino';

export type { Logger };

const REDACTED = '[redacted]';

/**
 * The forms a secret can take in a log line: itself, JSON-escaped, and the password inside a
 * URL (DATABASE_URL). Secrets shorter than 6 characters are ignored: they would hit plain words.
 */
export function secretForms(secrets: readonly string[]): string[] {
  const out = new Set<string>();
  const add = (s: string) => {
    if (s.length < 6) return;
    out.add(s);
    out.add(JSON.stringify(s).slice(1, -1));
  };
  for (const s of secrets) {
    add(s);
    try {
      const url = new URL(s);
      if (url.password) {
        add(url.password);
        add(decodeURIComponent(url.password));
      }
    } catch {
      /* not a URL */
    }
  }
  // Longest first, so that a secret containing another is replaced whole.
  return [...out].sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of every secret form in a text. */
export function scrubText(text: string, forms: readonly string[]): string {
  let out = text;
  for (const s of forms) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}

/*
 * Privacy: message texts and personal fields (names, phone numbers, free text, display names) are
 * never logged, at any level: /dulieu's erasure cannot reach log files, so they must hold nothing
 * personal. Log ids and lengths (`describeText`); errors go through `safeError`, which keeps an
 * error's type, its reason and a few plain fields, never what a library copied into it (Prisma's
 * rendering of a query's arguments, telegraf's request payload, a driver's `meta`).
 */

/** Fields of an error that carry codes and reasons, never user data. */
const SAFE_ERROR_FIELDS = ['code', 'errno', 'syscall', 'status', 'statusCode', 'error_code', 'reason', 'retryAfter', 'kind'];
/** A phone number or another long number standing alone, possibly grouped: masked in error messages (not a part of a token or a path: those are secrets, scrubbed whole). */
const LONG_NUMBER = /(?<![\w:/.-])\+?\d(?:[\s.-]?\d){7,}(?![\w:])/g;

/** An error's message as it may be logged: Prisma's messages keep their last line (the reason), not the query they render with its values; long numbers masked. */
export function safeErrorMessage(err: unknown): string {
  const e = err as { name?: unknown; message?: unknown };
  let message = typeof e?.message === 'string' ? e.message : String(err);
  const name = typeof e?.name === 'string' ? e.name : '';
  if (name.startsWith('PrismaClient') || /Invalid `[^`]*` invocation/.test(message)) {
    const lines = message
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    message = lines.at(-1) ?? '';
  }
  return message.replace(LONG_NUMBER, '[number]').slice(0, 500);
}

/**
 * The `err` serializer: type, message (with its causes, as pino's own does), stack without the
 * original message, and the plain fields of SAFE_ERROR_FIELDS. Nothing else an error object carries.
 */
export function safeError(err: unknown, depth = 0): Record<string, unknown> | string {
  if (!err || typeof err !== 'object') return typeof err === 'string' ? safeErrorMessage(err) : String(err);
  const e = err as Error & Record<string, unknown>;
  const type = typeof e.name === 'string' ? e.name : (e.constructor?.name ?? 'Error');
  const own = safeErrorMessage(e);
  const out: Record<string, unknown> = { type, message: own };
  if (typeof e.stack === 'string') {
    const frames = e.stack.split('\n').filter((l) => /^\s+at /.test(l));
    out.stack = [`${type}: ${own}`, ...frames].join('\n');
  }
  for (const f of SAFE_ERROR_FIELDS) {
    const v = e[f];
    if (typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v.length <= 100))
      out[f] = typeof v === 'string' ? v.replace(LONG_NUMBER, '[number]') : v;
  }
  if (e.cause !== undefined && depth < 3) {
    const cause = safeError(e.cause, depth + 1);
    out.cause = cause;
    const causeMessage = typeof cause === 'string' ? cause : cause.message;
    if (causeMessage) out.message = `${own}: ${String(causeMessage)}`;
  }
  return out;
}

/** Whether describeText adds a redacted preview (LOG_MESSAGE_TEXT=1, for debugging only; off by default). */
let messagePreviews = process.env.LOG_MESSAGE_TEXT === '1';

/**
 * What a log line may say about a user's text: its length, and only with LOG_MESSAGE_TEXT=1 a
 * redacted preview (the first 40 characters, every digit masked, so no phone number).
 */
export function describeText(text: string | undefined | null): { textLength?: number; textPreview?: string } {
  if (text === undefined || text === null) return {};
  const length = [...text].length;
  if (!messagePreviews) return { textLength: length };
  return { textLength: length, textPreview: [...text].slice(0, 40).join('').replace(/\d/g, '#') };
}

/**
 * The root logger: JSON lines on stderr (stdout belongs to the console channel). Secrets are
 * scrubbed from each finished line, so no path can leak them: messages, child bindings, errors,
 * format arguments and deep objects alike. Use `logger.child({ channel, chatId })` per message.
 */
export function createLogger(options: { level: string; secrets?: readonly string[]; destination?: NodeJS.WritableStream; messagePreviews?: boolean }): Logger {
  if (options.messagePreviews !== undefined) messagePreviews = options.messagePreviews;
  const forms = secretForms(options.secrets ?? []);
  const out: { write(line: string): unknown } = options.destination ?? pino.destination({ fd: 2, sync: false });
  const stream = forms.length ? { write: (line: string) => out.write(scrubText(line, forms)) } : out;
  return pino(
    {
      level: options.level,
      base: undefined,
      redact: { paths: ['token', '*.token', 'password', '*.password', 'secret', '*.secret', 'headers.authorization'], censor: REDACTED },
      serializers: { err: safeError },
      hooks: {
        // `log.error(err)` would copy the raw message into `msg`: log it as `{ err }` with its safe message.
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[];
          if (first instanceof Error) {
            const msg = typeof rest[0] === 'string' ? rest : [safeErrorMessage(first), ...rest];
            return method.apply(this, [{ err: first }, ...msg] as Parameters<typeof method>);
          }
          return method.apply(this, args);
        },
      },
    },
    stream as pino.DestinationStream,
  );
}
