import type { Feature, Handler } from '../../router/context.js';

const showMenu: Handler = async (ctx) => [ctx.mainMenu()];

const help: Handler = async (ctx) => [{ text: ctx.t('help.text'), buttons: [[{ label: ctx.t('menu.back'), action: 'menu:main' }]] }];

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
