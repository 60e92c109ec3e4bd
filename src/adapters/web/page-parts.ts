import type { T } from '../../i18n/i18n.js';
import { html, type SafeHtml } from './html.js';

export interface Option {
  value: string;
  label: string;
}

/** A labelled `<select>` of a GET filter form. */
export function selectField(name: string, label: string, options: Option[], selected: string | undefined): SafeHtml {
  return html`<label>${label}<select name="${name}">${options.map(
    (o) => html`<option value="${o.value}"${o.value === (selected ?? '') ? html` selected` : ''}>${o.label}</option>`,
  )}</select></label>`;
}

/** The submit button of a filter form. */
export function filterButton(t: T): SafeHtml {
  return html`<button type="submit" class="primary">${t('dashboard.web.apply_filters')}</button>`;
}

/** `?a=1&b=2` with the empty values left out. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A percent for people: `45,5 %` in Vietnamese, `45.5%` in English. */
export function formatPercent(value: number | null, locale: 'vi' | 'en'): string {
  if (value === null) return '—';
  const n = new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: 1 }).format(value);
  return locale === 'vi' ? `${n} %` : `${n}%`;
}

/** A whole number for people (`1.234` / `1,234`), or — for none. */
export function formatCount(value: number | null, locale: 'vi' | 'en'): string {
  return value === null ? '—' : new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: 2 }).format(value);
}

/** A column heading: plain text, or `{ label, num: true }` for a right-aligned number column. */
export type Column = string | { label: string; num: true };

/** A table's header row: one `<th scope="col">` per column (`class="num"` for number columns). */
export function headerRow(columns: readonly Column[]): SafeHtml {
  return html`<tr>${columns.map((c) => (typeof c === 'string' ? html`<th scope="col">${c}</th>` : html`<th scope="col" class="num">${c.label}</th>`))}</tr>`;
}

/**
 * A table that scrolls sideways inside its own box when it is wider than the screen (never the
 * page): the box is a labelled region that takes the keyboard's focus, so it can be scrolled
 * without a mouse too.
 */
export function scrollTable(caption: string, head: SafeHtml, rows: SafeHtml[], id?: string): SafeHtml {
  return html`<div class="table-wrap" role="region" tabindex="0" aria-label="${caption}"><table${id ? html` id="${id}"` : ''}><caption>${caption}</caption><thead>${head}</thead><tbody>${rows}</tbody></table></div>`;
}
