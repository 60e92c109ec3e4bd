// `npm run officer -- token …`: officers' API tokens (for the HTTP API and `npm run announce`).
// Uses the configured database (DATABASE_URL, or the PGlite folder DATA_DIR).
//
//   npm run officer -- token create --person <id> --name "Sở Tài chính"   (prints the token once)
//   npm run officer -- token revoke <tokenId>
//   npm run officer -- token list [--person <id>]                          (never prints tokens)
//   npm run officer -- audit [--action <prefix>] [--person <id>] [--since YYYY-MM-DD] [--limit N] [--json]
//                                          (who pulled what: exports, API calls, tokens; newest first)
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/database.js';
import { createApiToken } from '../src/services/api-tokens/create-api-token.js';
import { listApiTokens } from '../src/services/api-tokens/list-api-tokens.js';
import { revokeApiToken } from '../src/services/api-tokens/revoke-api-token.js';
import { formatAuditTable } from '../src/services/audit/format-audit.js';
import { DEFAULT_AUDIT_LIMIT, listAudit } from '../src/services/audit/list-audit.js';
import { daysInMonth, vnMidnight } from '../src/lib/vn-time.js';
import { loadConfigOrExit } from './load-config-or-exit.js';

const USAGE = [
  'usage: npm run officer -- token create --person <id> --name "<who uses it>"',
  '       npm run officer -- token revoke <tokenId>',
  '       npm run officer -- token list [--person <id>]',
  '       npm run officer -- audit [--action <prefix>] [--person <id>] [--since YYYY-MM-DD] [--limit N] [--json]',
].join('\n');

/** Bad arguments: the usage, exit 2. */
function usage(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let parsed: { positionals: string[]; values: { person?: string; name?: string; action?: string; since?: string; limit?: string; json?: boolean } };
try {
  parsed = parseArgs({
    allowPositionals: true,
    strict: true,
    options: {
      person: { type: 'string' },
      name: { type: 'string' },
      action: { type: 'string' },
      since: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
} catch (e) {
  usage((e as Error).message);
}
const { positionals, values } = parsed;
const id = (raw: string | undefined, what: string) => {
  if (raw === undefined || !/^\d{1,9}$/.test(raw) || Number(raw) <= 0)
    usage(`${what} must be a positive whole number${raw === undefined ? '' : `, got "${raw}"`}`);
  return Number(raw);
};

const [group, command, ...rest] = positionals;
let run: () => Promise<void>;
let db: Awaited<ReturnType<typeof openDatabase>>;
const auditOnly = (['action', 'since', 'limit', 'json'] as const).find((k) => values[k] !== undefined);
if (group === 'audit') {
  if (command !== undefined) usage(`Unexpected argument: ${command}`);
  if (values.name !== undefined) usage('audit does not take --name');
  const personId = values.person === undefined ? undefined : id(values.person, '--person');
  const limit = values.limit === undefined ? DEFAULT_AUDIT_LIMIT : id(values.limit, '--limit');
  if (limit > 100_000) usage('--limit is at most 100000');
  let since: Date | undefined;
  if (values.since !== undefined) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(values.since.trim());
    const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
    const valid = m && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
    if (!valid) usage(`--since must be a day as YYYY-MM-DD, e.g. 2026-11-01; got "${values.since}"`);
    since = vnMidnight(y, mo, d);
  }
  const actionPrefix = values.action?.trim() || undefined;
  run = async () => {
    const rows = await listAudit(db.prisma, { actionPrefix, personId, since, limit });
    if (values.json) console.log(JSON.stringify(rows, null, 2));
    else if (rows.length) console.log(formatAuditTable(rows));
    console.error(`${rows.length} audit entr${rows.length === 1 ? 'y' : 'ies'}${rows.length === limit ? ` (the newest ${limit}; --limit for more)` : ''}.`);
  };
} else if (group !== 'token' || !command) {
  usage(group ? `Unknown command: ${group}` : 'Missing command');
} else if (auditOnly) {
  usage(`--${auditOnly} is an option of audit, not of token ${command}`);
} else if (command === 'create') {
  if (rest.length) usage(`Unexpected argument: ${rest[0]}`);
  const personId = id(values.person, '--person');
  const name = values.name?.trim() || usage('Missing --name (what or who uses the token, e.g. "Sở Tài chính")');
  run = async () => {
    const { id: tokenId, token } = await createApiToken(db.prisma, { personId, name });
    const person = await db.prisma.person.findUniqueOrThrow({ where: { id: personId }, select: { name: true, role: true, province: true, commune: true } });
    const area = [person.commune, person.province].filter(Boolean).join(', ') || 'whole country';
    console.error(`API token #${tokenId} "${name}" for person #${personId} (${person.name ?? 'no name'}, ${person.role}, ${area}):`);
    // The token alone on stdout, so that a script can capture it.
    console.log(token);
    console.error('Store it now (e.g. as HTX_API_TOKEN): it cannot be shown again. Revoke it with `npm run officer -- token revoke ' + tokenId + '`.');
  };
} else if (command === 'revoke') {
  if (values.person !== undefined || values.name !== undefined) usage('token revoke takes only a token id');
  if (rest.length !== 1) usage(rest.length ? `Unexpected argument: ${rest[1]}` : 'Missing the token id');
  const tokenId = id(rest[0], 'The token id');
  run = async () => {
    const result = await revokeApiToken(db.prisma, { tokenId });
    if (result === 'not_found') {
      console.error(`No API token #${tokenId}`);
      process.exitCode = 1;
    } else console.log(result === 'revoked' ? `API token #${tokenId} revoked.` : `API token #${tokenId} was already revoked.`);
  };
} else if (command === 'list') {
  if (rest.length) usage(`Unexpected argument: ${rest[0]}`);
  if (values.name !== undefined) usage('token list takes only --person');
  const personId = values.person === undefined ? undefined : id(values.person, '--person');
  run = async () => {
    const tokens = await listApiTokens(db.prisma, { personId });
    const day = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '-');
    for (const t of tokens) {
      const state = t.revokedAt ? `revoked ${day(t.revokedAt)}` : t.role === 'officer' || t.role === 'admin' ? 'active' : `refused (person is now a ${t.role})`;
      const area = [t.commune, t.province].filter(Boolean).join(', ') || 'whole country';
      console.log(
        `#${t.id}\t${t.name}\tperson #${t.personId} ${t.personName ?? ''} (${t.role}, ${area})\tcreated ${day(t.createdAt)}\tlast used ${day(t.lastUsedAt)}\t${state}`,
      );
    }
    console.error(`${tokens.length} token(s).`);
  };
} else {
  usage(`Unknown command: token ${command}`);
}

const config = loadConfigOrExit();
db = await openDatabase(config.database);
try {
  await db.migrate();
  await run();
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
} finally {
  await db.close();
}
