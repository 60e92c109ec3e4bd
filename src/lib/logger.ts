import { pino, type Logger } from 'pino';

export type { Logger };

const REDACTED = '[redacted]';

/** Replaces every occurrence of a secret (token, password in a URL) in strings, deeply. */
export function scrub(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (!secrets.length || depth > 6) return value;
  if (typeof value === 'string') {
    let out = value;
    for (const s of secrets) if (s.length >= 6 && out.includes(s)) out = out.split(s).join(REDACTED);
    return out;
  }
  if (value instanceof Error) {
    return { type: value.name, message: scrub(value.message, secrets, depth + 1), stack: scrub(value.stack, secrets, depth + 1) };
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, secrets, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, secrets, depth + 1)]));
  }
  return value;
}

/** Secrets also hide inside URLs: a bot token in an API path, a password in DATABASE_URL. */
function secretVariants(secrets: readonly string[]): string[] {
  const out = new Set<string>();
  for (const s of secrets) {
    out.add(s);
    try {
      const url = new URL(s);
      if (url.password) out.add(decodeURIComponent(url.password)).add(url.password);
    } catch {
      /* not a URL */
    }
  }
  return [...out];
}

/**
 * The root logger: JSON lines on stderr (stdout belongs to the console channel), secrets scrubbed
 * from every message and field. Use `logger.child({ channel, chatId })` per message.
 */
export function createLogger(options: { level: string; secrets?: readonly string[]; destination?: NodeJS.WritableStream }): Logger {
  const secrets = secretVariants(options.secrets ?? []);
  return pino(
    {
      level: options.level,
      base: undefined,
      redact: { paths: ['token', '*.token', 'password', '*.password', 'secret', '*.secret', 'headers.authorization'], censor: REDACTED },
      formatters: { log: (obj) => scrub(obj, secrets) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? (scrub(a, secrets) as string) : a)) as typeof args);
        },
      },
      serializers: { err: (e: unknown) => scrub(pino.stdSerializers.err(e as Error), secrets) },
    },
    (options.destination as pino.DestinationStream | undefined) ?? pino.destination({ fd: 2, sync: false }),
  );
}
