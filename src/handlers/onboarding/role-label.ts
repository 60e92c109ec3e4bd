import type { HandlerContext } from '../../router/context.js';

/** "Chủ nhiệm HTX Hòa Bình", "Cán bộ — Xã An Bình, Tỉnh Demo": who the person is, in their language. */
export function describeRole(ctx: Pick<HandlerContext, 't' | 'who'>): string {
  const { who, t } = ctx;
  const where = [who.commune, who.province].filter(Boolean).join(', ');
  switch (who.role) {
    case 'director':
    case 'member':
      return t(`roles.${who.role}_of`, { cooperative: who.cooperativeName ?? '—' });
    case 'officer':
    case 'admin':
      return t(`roles.${who.role}_in`, { area: where || '—' });
    default:
      return t('roles.guest');
  }
}
