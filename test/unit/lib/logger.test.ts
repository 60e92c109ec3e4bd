import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubText, secretForms } from '../../../src/lib/logger.js';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const REDACTED = '[redacted]';

/** A destination stream that keeps every chunk pino writes. */
function collector() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return {
    stream,
    text: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('secretForms and scrubText', () => {
  it('replaces every occurrence of a secret in a text', () => {
    expect(scrubText(`GET /bot${TOKEN}/getMe then /bot${TOKEN}/send`, secretForms([TOKEN]))).toBe(`GET /bot${REDACTED}/getMe then /bot${REDACTED}/send`);
  });

  it('replaces several different secrets', () => {
    expect(scrubText('a=secret-one b=secret-two', secretForms(['secret-one', 'secret-two']))).toBe(`a=${REDACTED} b=${REDACTED}`);
  });

  it('also knows the JSON-escaped form of a secret with quotes or backslashes', () => {
    const secret = 'pa"ss\\word';
    const line = JSON.stringify({ msg: `x ${secret}` });
    expect(scrubText(line, secretForms([secret]))).not.toContain(JSON.stringify(secret).slice(1, -1));
  });

  it('adds the password of a URL secret, decoded and encoded', () => {
    const forms = secretForms(['postgres://u:p%40ss-word1@h/db']);
    expect(forms).toEqual(expect.arrayContaining(['p%40ss-word1', 'p@ss-word1']));
  });

  it('ignores secrets shorter than 6 characters (they would redact ordinary words)', () => {
    expect(scrubText('the abc of it', secretForms(['abc']))).toBe('the abc of it');
    expect(scrubText('pass 123456', secretForms(['123456']))).toBe(`pass ${REDACTED}`);
  });
});

describe('createLogger never leaks a secret, whatever the path', () => {
  const leaks: [string, (log: ReturnType<typeof createLogger>) => void][] = [
    ['an Error logged alone, whose message pino copies to msg', (log) => log.error(new Error(`fail ${TOKEN}`))],
    ['child bindings', (log) => log.child({ apiUrl: `https://api/bot${TOKEN}/` }).info('x')],
    ['a %o format argument', (log) => log.info('fmt %o', { k: TOKEN })],
    ['a %j format argument', (log) => log.info('fmt %j', { k: TOKEN })],
    ['a deeply nested object', (log) => log.info({ a: { b: { c: { d: { e: { f: { g: { h: TOKEN } } } } } } } })],
    ['an error cause', (log) => log.error({ err: new Error('outer', { cause: new Error(`inner ${TOKEN}`) }) }, 'failed')],
  ];
  it.each(leaks)('%s', (_name, write) => {
    const sink = collector();
    write(createLogger({ level: 'info', secrets: [TOKEN], destination: sink.stream }));
    expect(sink.text()).not.toContain(TOKEN);
    expect(sink.text()).toContain(REDACTED);
  });

  it('keeps dates and error details readable', () => {
    const sink = collector();
    const err = Object.assign(new TypeError('boom'), { code: 'E_BOOM' });
    createLogger({ level: 'info', secrets: [TOKEN], destination: sink.stream }).error({ err, at: new Date(0) }, 'failed');
    const line = sink.lines()[0]!;
    expect(line.at).toBe('1970-01-01T00:00:00.000Z');
    expect(line.err).toMatchObject({ type: 'TypeError', message: 'boom', code: 'E_BOOM' });
  });
});

describe('createLogger', () => {
  it('writes JSON lines to the given destination', () => {
    const out = collector();
    const log = createLogger({ level: 'info', destination: out.stream });
    log.info({ chatId: '42' }, 'hello');
    const [line] = out.lines();
    expect(line).toMatchObject({ level: 30, chatId: '42', msg: 'hello' });
  });

  it('respects the level', () => {
    const out = collector();
    const log = createLogger({ level: 'warn', destination: out.stream });
    log.info('quiet');
    log.warn('loud');
    expect(out.lines().map((l) => l.msg)).toEqual(['loud']);
  });

  it('never outputs the token from a message string', () => {
    const out = collector();
    const log = createLogger({ level: 'info', secrets: [TOKEN], destination: out.stream });
    log.info(`calling https://api.telegram.org/bot${TOKEN}/getMe`);
    expect(out.text()).not.toContain(TOKEN);
    expect(out.lines()[0]!.msg).toBe(`calling https://api.telegram.org/bot${REDACTED}/getMe`);
  });

  it('never outputs the token from a printf-style string argument', () => {
    const out = collector();
    const log = createLogger({ level: 'info', secrets: [TOKEN], destination: out.stream });
    log.info('token is %s', TOKEN);
    expect(out.text()).not.toContain(TOKEN);
  });

  it('never outputs the token from fields of a logged object', () => {
    const out = collector();
    const log = createLogger({ level: 'info', secrets: [TOKEN], destination: out.stream });
    log.info({ url: `https://api.telegram.org/bot${TOKEN}/sendMessage`, nested: { list: [TOKEN] } }, 'request');
    expect(out.text()).not.toContain(TOKEN);
    const [line] = out.lines();
    expect(line!.url).toBe(`https://api.telegram.org/bot${REDACTED}/sendMessage`);
    expect(line!.msg).toBe('request');
  });

  it('redacts well-known secret field names even when the value is not a configured secret', () => {
    const out = collector();
    const log = createLogger({ level: 'info', destination: out.stream });
    log.info({ token: 'anything', password: 'hunter2', headers: { authorization: 'Bearer x' } }, 'fields');
    const [line] = out.lines();
    expect(line).toMatchObject({ token: REDACTED, password: REDACTED, headers: { authorization: REDACTED } });
  });

  it('never outputs the token from an Error logged under err, and keeps the error readable', () => {
    const out = collector();
    const log = createLogger({ level: 'info', secrets: [TOKEN], destination: out.stream });
    log.error({ err: new Error(`404 on /bot${TOKEN}/sendMessage`) }, 'telegram reply failed');
    expect(out.text()).not.toContain(TOKEN);
    const [line] = out.lines();
    expect(line!.msg).toBe('telegram reply failed');
    expect(line!.err).toMatchObject({ message: `404 on /bot${REDACTED}/sendMessage` });
    expect((line!.err as { stack: string }).stack).toContain('404 on');
  });

  it('never outputs the token from an Error passed first with its own message', () => {
    const out = collector();
    const log = createLogger({ level: 'info', secrets: [TOKEN], destination: out.stream });
    log.error(new Error(`failed ${TOKEN}`), 'send failed');
    expect(out.text()).not.toContain(TOKEN);
  });

  it('scrubs the password of a DATABASE_URL secret even when it is logged on its own', () => {
    const out = collector();
    const log = createLogger({ level: 'info', secrets: ['postgres://u:s3cretpw@h/db'], destination: out.stream });
    log.info('connecting with s3cretpw');
    log.info({ detail: 'password authentication failed for s3cretpw' }, 'db error');
    log.info('postgres://u:s3cretpw@h/db');
    expect(out.text()).not.toContain('s3cretpw');
    expect(out.lines().map((l) => l.msg)).toEqual([`connecting with ${REDACTED}`, 'db error', REDACTED]);
  });

  it('scrubs both the percent-encoded and the decoded form of a URL password', () => {
    const out = collector();
    const log = createLogger({ level: 'info', secrets: ['postgres://u:p%40ss%2Fw0rd@h/db'], destination: out.stream });
    log.info('decoded p@ss/w0rd');
    log.info('encoded p%40ss%2Fw0rd');
    expect(out.text()).not.toContain('p@ss/w0rd');
    expect(out.text()).not.toContain('p%40ss%2Fw0rd');
  });

  it('scrubs fields logged through a child logger', () => {
    const out = collector();
    const log = createLogger({ level: 'info', secrets: [TOKEN], destination: out.stream });
    log.child({ channel: 'telegram' }).warn({ detail: `bot${TOKEN}` }, 'retry');
    expect(out.text()).not.toContain(TOKEN);
    expect(out.lines()[0]).toMatchObject({ channel: 'telegram', detail: `bot${REDACTED}` });
  });
});
