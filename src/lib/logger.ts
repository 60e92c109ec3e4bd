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

/**
 * The root logger: JSON lines on stderr (stdout belongs to the console channel). Secrets are
 * scrubbed from each finished line, so no path can leak them: messages, child bindings, errors,
 * format arguments and deep objects alike. Use `logger.child({ channel, chatId })` per message.
 */
export function createLogger(options: { level: string; secrets?: readonly string[]; destination?: NodeJS.WritableStream }): Logger {
  const forms = secretForms(options.secrets ?? []);
  const out: { write(line: string): unknown } = options.destination ?? pino.destination({ fd: 2, sync: false });
  const stream = forms.length ? { write: (line: string) => out.write(scrubText(line, forms)) } : out;
  return pino(
    {
      level: options.level,
      base: undefined,
      redact: { paths: ['token', '*.token', 'password', '*.password', 'secret', '*.secret', 'headers.authorization'], censor: REDACTED },
    },
    stream as pino.DestinationStream,
  );
}
