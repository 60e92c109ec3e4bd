import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, describeText, safeError } from '../../../src/lib/logger.js';
import { cleanLine, cleanText } from '../../../src/lib/vietnamese-text.js';
import { announcementInputSchema } from '../../../src/services/announcements/announcement-input.js';

function collector() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
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

const PHONE = '0987 654 321';
const NAME = 'Võ Thị Hạnh';

describe('errors in logs', () => {
  afterEach(() => void createLogger({ level: 'info', messagePreviews: false, destination: collector().stream }));

  it("keeps an error's type, reason and plain fields, and drops what a library copied into it", () => {
    const err = Object.assign(new Error(`400: Bad Request: message is too long`), {
      code: 400,
      on: { method: 'sendMessage', payload: { chat_id: 1, text: `Cảm ơn anh/chị ${NAME}, số ${PHONE}` } },
      response: { ok: false, description: 'x' },
    });
    const out = safeError(err) as Record<string, unknown>;
    expect(out).toMatchObject({ type: 'Error', message: '400: Bad Request: message is too long', code: 400 });
    expect(JSON.stringify(out)).not.toContain(NAME);
    expect(JSON.stringify(out)).not.toContain('654');
  });

  it("keeps only the reason of a Prisma message (it renders the query's values) and masks long numbers", () => {
    const prisma = Object.assign(
      new Error(`\nInvalid \`prisma.person.update()\` invocation:\n\n{\n  data: { name: "${NAME}" }\n}\n\nUnique constraint failed on the fields: (\`phone\`)`),
      {
        name: 'PrismaClientKnownRequestError',
        meta: { target: ['phone'], value: PHONE },
      },
    );
    const out = safeError(prisma) as { message: string; stack: string };
    expect(out.message).toBe('Unique constraint failed on the fields: (`phone`)');
    expect(out.stack).not.toContain(NAME);
    expect((safeError(new Error(`invalid input syntax for type integer: "${PHONE}"`)) as { message: string }).message).toBe(
      'invalid input syntax for type integer: "[number]"',
    );
  });

  it('an error logged alone gets its safe message as msg', () => {
    const sink = collector();
    createLogger({ level: 'info', destination: sink.stream }).error(new Error(`value ${PHONE} refused`));
    expect(sink.text()).not.toContain('654');
    expect(sink.lines()[0]).toMatchObject({ msg: 'value [number] refused', err: { message: 'value [number] refused' } });
  });
});

describe('describeText', () => {
  it('gives the length only, by default', () => {
    createLogger({ level: 'info', messagePreviews: false, destination: collector().stream });
    expect(describeText(`Tôi là ${NAME} ${PHONE}`)).toEqual({ textLength: 7 + [...NAME].length + 1 + PHONE.length });
    expect(describeText(undefined)).toEqual({});
  });

  it('adds a preview with every digit masked with LOG_MESSAGE_TEXT=1', () => {
    createLogger({ level: 'info', messagePreviews: true, destination: collector().stream });
    expect(describeText(`SĐT ${PHONE}`)).toEqual({ textLength: 16, textPreview: 'SĐT #### ### ###' });
  });
});

describe('text cleaned before storage', () => {
  it('cleanText removes NUL and control characters, keeps newlines and tabs; cleanLine makes one line', () => {
    expect(cleanText('a\u0000b\u0007c\u001b\u0085d\r\ne\tf')).toBe('abcd\ne\tf');
    expect(cleanLine(' Nguyễn\u0000 Văn\n\tA ')).toBe('Nguyễn Văn A');
  });

  it('announcement input: titles and places are one clean line, the body keeps its lines', () => {
    const startsAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const parsed = announcementInputSchema().parse({
      kind: 'training',
      title: 'Tập\u0000 huấn\n bán hàng',
      body: 'Dòng một\u0000\nDòng hai\tcó tab',
      startsAt,
      place: 'Hội trường\u0007 xã',
      audience: 'directors',
    });
    expect(parsed).toMatchObject({ title: 'Tập huấn bán hàng', body: 'Dòng một\nDòng hai\tcó tab', place: 'Hội trường xã' });
  });
});
