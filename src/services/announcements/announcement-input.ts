import { z } from 'zod';
import { INT4_MAX } from '../../lib/int4.js';
import { cleanLine, cleanText } from '../../lib/vietnamese-text.js';

/**
 * An announcement as the officer API (`POST /api/v1/announcements`) and `npm run announce` take
 * it, JSON. The same schema validates the file locally and the request on the server.
 *
 *   { "kind": "training", "title": "…", "body": "…", "startsAt": "2026-12-15T08:00:00+07:00",
 *     "place": "…", "registerBy": "2026-12-10T17:00:00+07:00", "audience": "directors",
 *     "communes": ["Xã An Bình"], "sectors": ["agriculture"], "cooperativeIds": [12, 15],
 *     "sendAt": "2026-12-01T08:00:00+07:00" }
 *
 * `eligibleFor` (instead of `cooperativeIds`): a support's id (an eligibility rule of kind
 * `support`, knowledge/rules/); the announcement goes to the cooperatives of the area that qualify
 * for it when it is created.
 */
export const ANNOUNCEMENT_KINDS = ['training', 'trade_fair', 'other'] as const;
export const ANNOUNCEMENT_AUDIENCES = ['directors', 'members', 'both'] as const;
export const INPUT_LIMITS = { title: { min: 5, max: 120 }, body: { min: 10, max: 1500 }, place: { min: 2, max: 200 }, list: 500 } as const;

const required = (what: string) => (iss: { input: unknown }) => (iss.input === undefined ? 'is required' : `must be ${what}`);

const text = (min: number, max: number, multiline = false) =>
  z
    .string({ error: required('text') })
    // No NUL or control characters (PostgreSQL refuses a NUL); a title or place is one line.
    .overwrite(multiline ? cleanText : cleanLine)
    .min(min, { error: `must have at least ${min} characters` })
    .max(max, { error: `must have at most ${max} characters` });

/** An instant with its offset (`Z` or `+07:00`): a time without one would be ambiguous. */
const instant = z.iso.datetime({
  offset: true,
  error: (iss) => (iss.input === undefined ? 'is required' : 'must be an ISO 8601 date and time with an offset, e.g. 2026-12-15T08:00:00+07:00'),
});

const names = (what: string) =>
  z
    .array(
      z
        .string({ error: `must be a ${what} name` })
        .trim()
        .min(1, { error: `must be a ${what} name, not empty` }),
      { error: `must be a list of ${what} names` },
    )
    .max(INPUT_LIMITS.list, { error: `must have at most ${INPUT_LIMITS.list} entries` });

/** The schema; `now` is read at each parse (times must lie in the future). */
export function announcementInputSchema(now: () => Date = () => new Date()) {
  return z
    .strictObject(
      {
        kind: z.enum(ANNOUNCEMENT_KINDS, { error: required(`one of ${ANNOUNCEMENT_KINDS.join(', ')}`) }),
        title: text(INPUT_LIMITS.title.min, INPUT_LIMITS.title.max),
        body: text(INPUT_LIMITS.body.min, INPUT_LIMITS.body.max, true),
        startsAt: instant.optional(),
        place: text(INPUT_LIMITS.place.min, INPUT_LIMITS.place.max).optional(),
        registerBy: instant.optional(),
        audience: z.enum(ANNOUNCEMENT_AUDIENCES, { error: required(`one of ${ANNOUNCEMENT_AUDIENCES.join(', ')}`) }),
        communes: names('commune').optional(),
        sectors: names('sector').optional(),
        cooperativeIds: z
          .array(
            z
              .number({ error: 'must be a cooperative id (a number)' })
              .int({ error: 'must be a whole number' })
              .positive({ error: 'must be positive' })
              .max(INT4_MAX, { error: 'is not a cooperative id' }),
            {
              error: 'must be a list of cooperative ids',
            },
          )
          .max(INPUT_LIMITS.list, { error: `must have at most ${INPUT_LIMITS.list} entries` })
          .optional(),
        sendAt: instant.optional(),
        /** Only the cooperatives that qualify for this support (an eligibility rule id of kind `support`), resolved when it is created. */
        eligibleFor: z
          .string({ error: 'must be a support id (text), e.g. "training-support"' })
          .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'must be a support id, e.g. "training-support"' })
          .max(48, { error: 'must be a support id, e.g. "training-support"' })
          .optional(),
      },
      { error: (iss) => (iss.code === 'unrecognized_keys' ? undefined : 'must be a JSON object') },
    )
    .superRefine((a, ctx) => {
      const at = now().getTime();
      // A time that failed its format check (reported already) takes no part in these checks.
      const time = (iso: string | undefined) => (iso !== undefined && instant.safeParse(iso).success ? Date.parse(iso) : undefined);
      const given = (iso: string | undefined) => iso !== undefined;
      const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
      const starts = time(a.startsAt);
      const register = time(a.registerBy);
      const send = time(a.sendAt);
      if (a.eligibleFor !== undefined && a.cooperativeIds?.length)
        problem('eligibleFor', 'cannot be combined with cooperativeIds: it chooses the cooperatives');
      const event = a.kind !== 'other';
      if (event && !given(a.startsAt)) problem('startsAt', `is required for a ${a.kind}`);
      if (event && a.place === undefined) problem('place', `is required for a ${a.kind}`);
      if (starts !== undefined && starts <= at) problem('startsAt', 'must be in the future');
      if (register !== undefined) {
        if (register <= at) problem('registerBy', 'must be in the future');
        if (starts !== undefined && register > starts) problem('registerBy', 'must not be after startsAt');
      }
      if (send !== undefined) {
        if (send <= at) problem('sendAt', 'must be in the future (leave it out to send at once)');
        else if (starts !== undefined && send >= starts) problem('sendAt', 'must be before startsAt');
        else if (register !== undefined && send >= register) problem('sendAt', 'must be before registerBy');
      }
    });
}

export const AnnouncementInput = announcementInputSchema();
export type AnnouncementInput = z.infer<typeof AnnouncementInput>;

/** A JSON path as people read it: `communes[2]`, `title`; `(root)` for the whole document. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out ? `.${String(k)}` : String(k);
  return out || '(root)';
}

export interface InputIssue {
  /** Where, as zod gives it (e.g. ["communes", 2]). */
  path: (string | number)[];
  /** Where, readable: `communes[2]`. */
  at: string;
  message: string;
  code: string;
}

/** The problems of an input, one per field, in a JSON-friendly form. */
export function inputIssues(error: z.ZodError): InputIssue[] {
  return error.issues.flatMap((i): InputIssue[] => {
    const path = i.path.map((k) => (typeof k === 'number' ? k : String(k)));
    // One line per unknown field, at the field (a misspelt name is the usual cause).
    if (i.code === 'unrecognized_keys') {
      return i.keys.map((key) => ({ path: [...path, key], at: jsonPath([...path, key]), message: 'is not a known field', code: i.code }));
    }
    return [{ path, at: jsonPath(path), message: i.message, code: i.code }];
  });
}

/** The problems of an input as lines: `title: must have at least 5 characters`. */
export function formatIssues(issues: readonly InputIssue[]): string {
  return issues.map((i) => `${i.at}: ${i.message}`).join('\n');
}
