// `npm run admin -- <command>`: bootstrap a deployment from the shell (the first officers and
// cooperatives). Uses the configured database (DATABASE_URL, or the PGlite folder DATA_DIR).
//
//   npm run admin -- coop add --name "HTX Nông nghiệp Tân Lập" --province "Thái Nguyên" [--commune "Xã Tân Lập"] [--sector agriculture] [--code 4601234567]
//   npm run admin -- coop list
//   npm run admin -- invite --role officer --province "Thái Nguyên" [--commune "Xã Tân Lập"] [--uses 1] [--days 14]
//   npm run admin -- invite --role director|member --coop <id> [--uses 1] [--days 14]
//   npm run admin -- invites
//   npm run admin -- drafts                  (officers' answers proposed for the knowledge base, as Markdown skeletons)
//   npm run admin -- drafts reviewed <id>    (mark a draft as done: written up, or rejected)
//
// Commands with their own options live in scripts/admin/<command>.ts (see the top of each):
//   units, import cooperatives|members, invites create|sheet|send, rules alert
import { parseArgs } from 'node:util';
import { openDatabase, type Database } from '../src/db/database.js';
import { createInvite } from '../src/services/invites/create-invite.js';
import { describeAreaProblem, resolveArea } from '../src/services/areas/resolve-area.js';
import { createI18n } from '../src/i18n/i18n.js';
import { writeAudit } from '../src/services/audit/write-audit.js';
import { draftSkeleton } from '../src/services/knowledge/draft-skeleton.js';
import { loadConfigOrExit } from './load-config-or-exit.js';

const ROLES = ['officer', 'director', 'member', 'admin'] as const;

// A command module: its own options, the open database, and the process's exit code back.
export type AdminCommand = (db: Database, args: string[]) => Promise<number>;
const MODULES: Record<string, () => Promise<{ run: AdminCommand }>> = {
  units: () => import('./admin/units.js'),
  import: () => import('./admin/import.js'),
  'invites create': () => import('./admin/invites.js'),
  'invites sheet': () => import('./admin/invites.js'),
  'invites send': () => import('./admin/invites.js'),
  'rules alert': () => import('./admin/rules-alert.js'),
};
{
  const [first, second] = process.argv.slice(2);
  const load = MODULES[`${first} ${second}`] ?? MODULES[first ?? ''];
  if (load) {
    const { run } = await load();
    const config = loadConfigOrExit();
    const db = await openDatabase(config.database);
    let code = 1;
    try {
      await db.migrate();
      code = await run(db, process.argv.slice(2));
    } finally {
      await db.close();
    }
    process.exit(code);
  }
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: 'string' },
    province: { type: 'string' },
    commune: { type: 'string' },
    sector: { type: 'string', default: 'agriculture' },
    code: { type: 'string' },
    role: { type: 'string' },
    coop: { type: 'string' },
    uses: { type: 'string', default: '1' },
    days: { type: 'string', default: '14' },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const config = loadConfigOrExit();
const db = await openDatabase(config.database);
await db.migrate();
const prisma = db.prisma;
try {
  const [command, sub] = positionals;
  if (command === 'coop' && sub === 'add') {
    if (!values.name || !values.province) fail('coop add needs --name and --province');
    const coop = await prisma.cooperative.create({
      data: { name: values.name, province: values.province, commune: values.commune, sector: values.sector!, registrationCode: values.code },
    });
    await writeAudit(prisma, { actorId: null, action: 'cooperative.created', subject: `cooperative:${coop.id}`, details: { via: 'admin-cli' } });
    console.log(`Cooperative #${coop.id} created: ${coop.name} (${[coop.commune, coop.province].filter(Boolean).join(', ')})`);
  } else if (command === 'coop' && sub === 'list') {
    for (const c of await prisma.cooperative.findMany({ orderBy: { id: 'asc' } })) {
      console.log(`#${c.id}\t${c.name}\t${[c.commune, c.province].filter(Boolean).join(', ')}\t${c.sector}\t${c.status}`);
    }
  } else if (command === 'invite') {
    const role = ROLES.find((r) => r === values.role) ?? fail(`--role must be one of ${ROLES.join(', ')}`);
    const cooperativeId = values.coop ? Number(values.coop) : undefined;
    if (cooperativeId !== undefined && !(await prisma.cooperative.findUnique({ where: { id: cooperativeId } }))) fail(`No cooperative #${values.coop}`);
    // An officer's area: the official units since 1 July 2025 ("dak lak" → "Đắk Lắk"), or a name already on record.
    let area: { province?: string; commune?: string } = { province: values.province, commune: values.commune };
    if (values.province) {
      const resolved = await resolveArea(prisma, { province: values.province, commune: values.commune });
      if (!resolved.ok) fail(describeAreaProblem((await createI18n()).translator('en'), resolved));
      area = { province: resolved.province, commune: resolved.commune };
    }
    const invite = await createInvite(prisma, {
      role,
      cooperativeId,
      province: area.province,
      commune: area.commune,
      maxUses: Number(values.uses),
      validDays: Number(values.days),
    }).catch((e: Error) => fail(e.message));
    console.log(`Invite code: ${invite.code}  (role ${role}, ${invite.maxUses} use(s), valid until ${invite.expiresAt.toISOString().slice(0, 10)})`);
    if (area.province) console.log(`Area: ${[area.commune, area.province].filter(Boolean).join(', ')}`);
    console.log(`The person sends "/moi ${invite.code}" to the bot, or opens https://t.me/<your_bot>?start=${invite.code} on Telegram.`);
  } else if (command === 'invites') {
    const now = new Date();
    for (const i of await prisma.invite.findMany({ orderBy: { id: 'desc' }, take: 100, include: { cooperative: { select: { name: true } } } })) {
      const state = i.revokedAt ? 'revoked' : i.expiresAt <= now ? 'expired' : i.uses >= i.maxUses ? 'used' : 'open';
      console.log(`${i.code}\t${i.role}\t${i.cooperative?.name ?? [i.commune, i.province].filter(Boolean).join(', ')}\t${i.uses}/${i.maxUses}\t${state}`);
    }
  } else if (command === 'drafts' && sub === 'reviewed') {
    const id = Number(positionals[2]);
    if (!Number.isInteger(id) || id <= 0) fail('usage: npm run admin -- drafts reviewed <id>');
    const { count } = await prisma.knowledgeDraft.updateMany({ where: { id, reviewedAt: null }, data: { reviewedAt: new Date() } });
    if (!count) fail(`No unreviewed draft #${id}`);
    await writeAudit(prisma, { actorId: null, action: 'knowledge_draft.reviewed', subject: `knowledge_draft:${id}`, details: { via: 'admin-cli' } });
    console.log(`Draft #${id} marked as reviewed.`);
  } else if (command === 'drafts' && !sub) {
    // Each draft as the skeleton of a knowledge-base article (draft-skeleton.ts; the dashboard
    // shows the same at /dashboard/knowledge/drafts/<id>).
    const drafts = await prisma.knowledgeDraft.findMany({ where: { reviewedAt: null }, orderBy: { id: 'asc' } });
    for (const d of drafts) console.log(draftSkeleton(d, new Date().toISOString().slice(0, 10)));
    console.error(`${drafts.length} unreviewed draft(s).`);
  } else {
    fail('usage: npm run admin -- coop add|coop list|invite|invites|drafts [reviewed <id>] (see the top of scripts/admin.ts or README.md)');
  }
} finally {
  await db.close();
}
