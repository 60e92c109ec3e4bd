import { vnLocaleDate } from '../../lib/vn-time.js';
import type { Feature, Handler } from '../../router/context.js';
import { describeRole } from '../onboarding/role-label.js';

const PRIVACY = 'privacy';

/** Shows everything stored about the person, with a button to erase it. */
const showData: Handler = async (ctx) => {
  const d = await ctx.services.getPersonalData(ctx.who.personId);
  const date = (v: Date | null) => (v ? vnLocaleDate(v, ctx.locale) : ctx.t('privacy.none'));
  const channels = d.accounts.map((a) => ctx.t(`channels.${a.channel}`, { defaultValue: a.channel })).join(', ');
  const text = ctx.t('privacy.summary', {
    name: d.name ?? ctx.t('privacy.none'),
    phone: d.phone ?? ctx.t('privacy.none'),
    role: describeRole(ctx),
    language: d.locale === 'en' || d.locale === 'vi' ? ctx.t(`language.names.${d.locale}`) : ctx.t('privacy.auto'),
    channels,
    consent: date(d.privacyConsentAt),
    since: date(d.createdAt),
  });
  ctx.endFlow();
  return [
    {
      text,
      buttons: [[{ label: ctx.t('privacy.delete'), action: 'privacy:delete' }], [{ label: ctx.t('menu.back'), action: 'menu:main' }]],
    },
  ];
};

const askDelete: Handler = async (ctx) => {
  ctx.goTo(PRIVACY, 'confirm', {});
  return [
    {
      text: ctx.t('privacy.confirm'),
      buttons: [
        [
          { label: ctx.t('privacy.confirm_yes'), action: 'privacy:erase' },
          { label: ctx.t('privacy.confirm_no'), action: 'privacy:keep' },
        ],
      ],
    },
  ];
};

/** While the confirmation is open: erase, keep, or ask again. Erasing needs this open step. */
const confirmFlow: Handler = async (ctx) => {
  const choice = ctx.action ? ctx.args[0] : undefined;
  if (choice === 'erase') {
    await ctx.services.deletePersonalData(ctx.who.personId);
    ctx.forget();
    ctx.log.info({ personId: ctx.who.personId }, 'person erased their data');
    return [{ text: ctx.t('privacy.deleted') }];
  }
  if (choice === 'keep') {
    ctx.endFlow();
    return [ctx.mainMenu(ctx.t('privacy.kept'))];
  }
  return askDelete(ctx);
};

/** A person sees and erases their own personal data (Decree 13/2023 rights of the data subject). */
export const privacyFeature: Feature = {
  name: PRIVACY,
  commands: { dulieu: showData, mydata: showData, privacy: showData, xoadulieu: askDelete },
  actions: {
    privacy: async (ctx) => {
      const [what] = ctx.args;
      if (what === 'delete') return askDelete(ctx);
      if (what === undefined || what === 'show') return showData(ctx);
      // erase/keep are only valid while the confirmation is open (the flow handles them).
      return [ctx.mainMenu(ctx.t('errors.button_expired'))];
    },
  },
  flows: { [PRIVACY]: confirmFlow },
  menu: (ctx) => [{ label: ctx.t('menu.my_data'), action: 'privacy:show' }],
};
