// `npm run announce -- --file a.json [--url http://127.0.0.1:3000] [--token htx_… | env HTX_API_TOKEN] [--no-wait]`:
// sends an announcement (training, trade fair, other notice) through the running bot's officer API,
// as the officer the token belongs to (`npm run officer -- token create`), then follows its delivery
// with a progress bar on stderr until every copy is settled, and prints the final counts.
// The file is checked first with the same rules as the server (src/services/announcements/announcement-input.ts):
//
//   { "kind": "training", "title": "Tập huấn bán hàng trực tuyến", "body": "…",
//     "startsAt": "2026-12-15T08:00:00+07:00", "place": "Hội trường UBND xã An Bình",
//     "registerBy": "2026-12-10T17:00:00+07:00", "audience": "directors", "communes": ["Xã An Bình"] }
//
// Exit codes: 0 sent (or scheduled), 1 refused by the bot or failed, 2 bad arguments or a bad file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AnnouncementInput, formatIssues, inputIssues } from '../src/services/announcements/announcement-input.js';
import type { AnnouncementStats } from '../src/services/announcements/announcement-stats.js';

const USAGE = 'usage: npm run announce -- --file <announcement.json> [--url http://127.0.0.1:3000] [--token <token> | env HTX_API_TOKEN] [--no-wait]';
const POLL_MS = 1_000;
/** Consecutive failed polls before giving up (the bot restarting, a network fault). */
const MAX_POLL_FAILURES = 30;
const BAR_WIDTH = 10;

function fail(code: 1 | 2, message: string, usage = false): never {
  console.error(usage ? `${message}\n${USAGE}` : message);
  process.exit(code);
}

let args: { file?: string; url: string; token?: string; 'no-wait'?: boolean; help?: boolean };
try {
  args = parseArgs({
    allowPositionals: false,
    strict: true,
    options: {
      file: { type: 'string' },
      url: { type: 'string', default: 'http://127.0.0.1:3000' },
      token: { type: 'string' },
      'no-wait': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  }).values as typeof args;
} catch (e) {
  fail(2, (e as Error).message, true);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!args.file) fail(2, 'Missing --file', true);
const token = args.token ?? process.env.HTX_API_TOKEN;
if (!token) fail(2, 'Missing the API token: --token, or the HTX_API_TOKEN environment variable', true);
let base: URL;
try {
  base = new URL(args.url);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error('not http');
} catch {
  fail(2, `--url must be the bot's http(s) address, e.g. http://127.0.0.1:3000; got "${args.url}"`, true);
}
const endpoint = new URL('api/v1/announcements', base.href.endsWith('/') ? base.href : `${base.href}/`);

// `npm run` starts in the package folder: a relative path is taken from where the command was typed.
const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), args.file);
let raw: unknown;
try {
  raw = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  const err = e as NodeJS.ErrnoException;
  fail(2, err.code ? `Cannot read ${file}: ${err.message}` : `${file} is not valid JSON: ${err.message}`);
}
const checked = AnnouncementInput.safeParse(raw);
if (!checked.success) {
  const lines = formatIssues(inputIssues(checked.error))
    .split('\n')
    .map((l) => `  ${l}`);
  fail(2, `${file}: not a valid announcement:\n${lines.join('\n')}`);
}

const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
async function call(method: 'GET' | 'POST', url: URL, body?: unknown): Promise<{ status: number; data: Record<string, unknown> }> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let data: Record<string, unknown> = {};
  try {
    data = JSON.parse(text) as Record<string, unknown>;
  } catch {
    data = { message: text.slice(0, 200) };
  }
  return { status: res.status, data };
}

/** The server's answer to a refused request, readable. */
function refusal(status: number, data: Record<string, unknown>): string {
  if (status === 400 && Array.isArray(data.issues)) {
    return `The bot refused the announcement:\n${(data.issues as { at: string; message: string }[]).map((i) => `  ${i.at}: ${i.message}`).join('\n')}`;
  }
  if (status === 401) return 'The bot refused the token (unknown, revoked, or its officer is no longer an officer).';
  const what = { 403: 'Outside your jurisdiction', 404: 'Not found', 422: 'Nobody to send it to' }[status] ?? `HTTP ${status}`;
  return `${what}: ${String(data.message ?? data.error ?? '')}`;
}

let created: { status: number; data: Record<string, unknown> };
try {
  created = await call('POST', endpoint, checked.data);
} catch (e) {
  fail(1, `Cannot reach the bot at ${base.href}: ${(e as Error).message}`);
}
if (created.status !== 201) fail(created.status === 400 ? 2 : 1, refusal(created.status, created.data));
const id = Number(created.data.id);
const reach = created.data.reach as { total?: number } | undefined;
console.log(`Announcement #${id} accepted (${String(created.data.status)}), for ${reach?.total ?? '?'} people.`);
if (created.data.sendAt) {
  console.log(`It will be sent at ${String(created.data.sendAt)}.`);
  process.exit(0);
}
if (args['no-wait']) process.exit(0);

const tty = process.stderr.isTTY === true;
let lastLine = '';
function draw(s: AnnouncementStats) {
  const settled = s.total - s.waiting;
  const filled = s.total ? Math.floor((settled / s.total) * BAR_WIDTH) : 0;
  const line = `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${settled}/${s.total} · chặn ${s.blocked} · lỗi ${s.failed}${s.unreachable ? ` · không tới được ${s.unreachable}` : ''}`;
  if (line === lastLine) return;
  lastLine = line;
  process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
}
const endLine = () => {
  if (tty && lastLine) process.stderr.write('\n');
};
process.once('SIGINT', () => {
  endLine();
  console.error(`Stopped watching; the bot goes on sending. Follow it with: curl -H "Authorization: Bearer $HTX_API_TOKEN" ${endpoint.href}/${id}`);
  process.exit(130);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const one = new URL(`${endpoint.href}/${id}`);
let failures = 0;
for (;;) {
  let r: { status: number; data: Record<string, unknown> } | undefined;
  try {
    r = await call('GET', one);
  } catch (e) {
    if (++failures >= MAX_POLL_FAILURES) {
      endLine();
      fail(1, `Lost the bot at ${base.href}: ${(e as Error).message}`);
    }
  }
  if (r) {
    if (r.status !== 200) {
      endLine();
      fail(1, refusal(r.status, r.data));
    }
    failures = 0;
    const stats = r.data.stats as AnnouncementStats;
    draw(stats);
    const status = String(r.data.status);
    if (status === 'done' || status === 'cancelled') {
      endLine();
      const channels = Object.entries(stats.sentByChannel)
        .map(([c, n]) => `${c} ${n}`)
        .join(', ');
      const rsvps = r.data.rsvps as { attending: number; declined: number };
      console.log(
        `Announcement #${id} ${status}: ${stats.sent} sent${channels ? ` (${channels})` : ''}, ${stats.blocked} blocked, ${stats.unreachable} unreachable, ${stats.failed} failed, of ${stats.total}.` +
          (rsvps.attending || rsvps.declined ? ` Answers: ${rsvps.attending} attending, ${rsvps.declined} not.` : ''),
      );
      process.exit(status === 'done' ? 0 : 1);
    }
  }
  await sleep(POLL_MS);
}
