/** Kinds of state support (Decree 113/2024), offered in the "support received / needed" questions. */
export const SUPPORT_KINDS = ['land', 'credit', 'tax', 'training', 'trade_promotion', 'technology', 'other', 'none'] as const;
