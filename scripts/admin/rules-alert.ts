// `npm run admin -- rules alert [--province P] [--commune C] [--rules-dir DIR] [--confirm] [--lang vi|en]`:
// after the eligibility rules (knowledge/rules/) or the articles they follow changed, which active
// cooperatives of the area (none: the whole country) now evaluate differently from what their
// directors were last told, and the message they would get. Cooperatives evaluated for the first
// time get their baseline (no message). With --confirm: one message per director of exactly those
// cooperatives is queued in the outbox (the running bot delivers it), their results are stored,
// and the action is audited; confirming again queues nothing more. --rules-dir evaluates with the
// rules of another folder (a proposed change) instead of knowledge/rules/.
// The last line is JSON: {"confirmed":bool,"evaluated":N,"baselined":N,"cooperatives":N,"directors":N,"queued":N}.
import { parseArgs } from 'node:util';
import { renderPolicyNotice, changeText, policyNotice } from '../../src/handlers/eligibility-officer/policy-alert-text.js';
import { createI18n, LOCALES } from '../../src/i18n/i18n.js';
import { confirmPolicyAlert, previewPolicyAlert } from '../../src/services/eligibility/policy-alert.js';
import { rulesInForce } from '../../src/services/eligibility/rules-in-force.js';
import type { AdminCommand } from '../admin.js';

const USAGE = 'usage: npm run admin -- rules alert [--province P] [--commune C] [--rules-dir DIR] [--confirm] [--lang vi|en]';

export const run: AdminCommand = async (db, args) => {
  let values: { province?: string; commune?: string; 'rules-dir'?: string; confirm?: boolean; lang?: string };
  try {
    ({ values } = parseArgs({
      args: args.slice(2),
      options: {
        province: { type: 'string' },
        commune: { type: 'string' },
        'rules-dir': { type: 'string' },
        confirm: { type: 'boolean', default: false },
        lang: { type: 'string', default: 'vi' },
      },
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.commune && !values.province) {
    console.error(`--commune needs --province\n${USAGE}`);
    return 2;
  }
  const now = new Date();
  const { rules, problems } = rulesInForce(now, { dir: values['rules-dir'] });
  for (const p of problems) console.error(`rule left out: ${p.file}: ${p.problem}`);
  const { translator } = await createI18n();
  const locale = LOCALES.find((l) => l === values.lang) ?? 'vi';
  const t = translator(locale);
  const jurisdiction = { province: values.province ?? null, commune: values.commune ?? null };
  const prisma = db.prisma;
  if (!values.confirm) {
    const p = await previewPolicyAlert(prisma, { jurisdiction, now, rules });
    console.log(t('eligoff.alert.evaluated', { count: p.evaluated }));
    if (p.baselined) console.log(t('eligoff.alert.baselined', { count: p.baselined }));
    if (!p.changed.length) console.log(t('eligoff.alert.none'));
    else {
      console.log(t('eligoff.alert.changed', { count: p.changed.length }));
      for (const c of p.changed) {
        const coop = `#${c.cooperative.id} ${c.cooperative.name}${c.cooperative.commune ? ` (${c.cooperative.commune})` : ''}`;
        console.log(
          t('eligoff.alert.coop_line', { coop, changes: c.changes.map((x) => changeText(t, locale, x)).join('; ') }) + ` — ${c.directors.length} director(s)`,
        );
      }
      const sample = p.changed.find((c) => c.directors.length) ?? p.changed[0]!;
      console.log(`\n${t('eligoff.alert.preview', { coop: sample.cooperative.name })}\n${policyNotice(t, locale, sample).text}\n`);
      console.log('To send: the same command with --confirm');
    }
    console.log(
      JSON.stringify({ confirmed: false, evaluated: p.evaluated, baselined: p.baselined, cooperatives: p.changed.length, directors: p.directors, queued: 0 }),
    );
    return 0;
  }
  const r = await confirmPolicyAlert(prisma, { officer: { personId: null, ...jurisdiction }, now, rules, render: renderPolicyNotice(translator), via: 'cli' });
  console.log(r.cooperatives ? t('eligoff.alert.sent', { count: r.cooperatives, queued: r.queued }) : t('eligoff.alert.sent_nothing'));
  console.log(
    JSON.stringify({
      confirmed: true,
      evaluated: r.preview.evaluated,
      baselined: r.baselined,
      cooperatives: r.cooperatives,
      directors: r.directors,
      queued: r.queued,
    }),
  );
  return 0;
};
