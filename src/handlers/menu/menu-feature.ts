import type { T } from '../../i18n/i18n.js';
import type { Feature, Handler } from '../../router/context.js';
import { isStaff } from '../../services/access/jurisdiction.js';
import { canFileReports } from '../../services/access/report-access.js';
import type { Identity } from '../../services/people/identity.js';

const showMenu: Handler = async (ctx) => [ctx.mainMenu()];

type Who = Pick<Identity, 'role' | 'cooperativeId' | 'canReport'>;
const everyone = () => true;
const staff = (who: Who) => isStaff(who.role);
/** Announcements of trainings and fairs reach directors and members. */
const announced = (who: Who) => who.role === 'director' || who.role === 'member';

/**
 * The commands help lists, in order, each for the people who can use it (`help.commands.<key>`).
 * Officers' tools are shown to officers and admins only, the reports to those who file them.
 */
const HELP: { key: string; for: (who: Who) => boolean }[] = [
  { key: 'menu', for: everyone },
  { key: 'chinhsach', for: everyone },
  { key: 'dieuluat', for: everyone },
  { key: 'hotro', for: (who) => who.cooperativeId !== null },
  { key: 'baocao', for: (who) => canFileReports(who) },
  { key: 'uyquyen', for: (who) => who.role === 'director' },
  { key: 'duyetbaocao', for: staff },
  { key: 'thongbao', for: staff },
  { key: 'ketquathongbao', for: staff },
  { key: 'xuatbaocao', for: staff },
  { key: 'chitieu', for: staff },
  { key: 'canhbaochinhsach', for: staff },
  { key: 'dangnhap', for: staff },
  { key: 'cauhoi_staff', for: staff },
  { key: 'cauhoi', for: (who) => !staff(who) },
  { key: 'moi', for: (who) => who.role === 'guest' || who.role === 'member' },
  { key: 'hoso', for: everyone },
  { key: 'lienket', for: everyone },
  { key: 'ngonngu', for: everyone },
  { key: 'dulieu', for: everyone },
  { key: 'tatthongbao', for: announced },
  { key: 'batthongbao', for: announced },
  { key: 'huy', for: everyone },
];

/** `/trogiup`: the commands of the person's role only. */
export function helpText(t: T, who: Who): string {
  const lines = HELP.filter((c) => c.for(who)).map((c) => t(`help.commands.${c.key}`));
  return [t('help.intro'), '', t('help.commands_title'), ...lines, '', t('help.footer')].join('\n');
}

const help: Handler = async (ctx) => [{ text: helpText(ctx.t, ctx.who), buttons: [[{ label: ctx.t('menu.back'), action: 'menu:main' }]] }];

const cancel: Handler = async (ctx) => {
  const flow = ctx.conversation.flow;
  ctx.endFlow();
  // A flow whose work is kept (a report's draft) says so instead of "cancelled".
  return [ctx.mainMenu(flow ? ctx.t([`cancel.done_${flow}`, 'cancel.done']) : ctx.t('cancel.nothing'))];
};

const chooseLanguage: Handler = async (ctx) => [
  {
    text: ctx.t('language.choose'),
    buttons: [
      [
        { label: ctx.t('language.names.vi'), action: 'lang:vi' },
        { label: ctx.t('language.names.en'), action: 'lang:en' },
      ],
    ],
  },
];

const language: Handler = async (ctx) => {
  const chosen = ctx.args[0];
  if (chosen !== 'vi' && chosen !== 'en') return chooseLanguage(ctx);
  await ctx.services.updatePerson(ctx.who.personId, { locale: chosen });
  await ctx.refreshIdentity();
  return [ctx.mainMenu(ctx.t('language.changed'))];
};

/** Main menu, help, cancel and language: what every user can do at any time. */
export const menuFeature: Feature = {
  name: 'menu',
  commands: { menu: showMenu, help, trogiup: help, cancel, huy: cancel, lang: chooseLanguage, ngonngu: chooseLanguage },
  actions: {
    menu: async (ctx) => (ctx.args[0] === 'help' ? help(ctx) : showMenu(ctx)),
    lang: language,
  },
  phrases: { huy: cancel, 'hủy bỏ': cancel, cancel: cancel, thoat: cancel, menu: showMenu, 'tro giup': help, help },
  menu: (ctx) => [
    { label: ctx.t('menu.help'), action: 'menu:help' },
    { label: ctx.t('menu.language'), action: 'lang' },
  ],
};
