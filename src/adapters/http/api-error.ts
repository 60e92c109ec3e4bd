import type { z } from 'zod';
import { inputIssues, type InputIssue } from '../../services/announcements/announcement-input.js';

/** One problem of a request, as the API names it: where (`communes[1]`, `limit`) and what. */
export type ApiIssue = Pick<InputIssue, 'at' | 'message'> & Partial<Pick<InputIssue, 'path' | 'code'>>;

/**
 * Every refusal the HTTP layer answers: a status, a stable code (`invalid_query`, `unauthorized`,
 * `outside_jurisdiction`, …), an optional message, zod issues and more fields for the body. The
 * server's one error handler (http-server.ts) turns it into `{ "error": code, "message", "issues", … }`.
 */
export class ApiError extends Error {
  /** Whether a message was given (the body has one only then). */
  private readonly hasMessage: boolean;

  constructor(
    readonly statusCode: number,
    readonly code: string,
    message?: string,
    /** Zod issues, more fields for the body (`communes`, `jurisdiction`), headers (`www-authenticate`). */
    readonly extra: { issues?: ApiIssue[]; fields?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message ?? code);
    this.name = 'ApiError';
    this.hasMessage = message !== undefined;
  }

  /** The JSON body of the answer. */
  body(): Record<string, unknown> {
    return {
      error: this.code,
      ...(this.hasMessage ? { message: this.message } : {}),
      ...this.extra.fields,
      ...(this.extra.issues ? { issues: this.extra.issues } : {}),
    };
  }
}

/** Which part of a request a schema checks, and the code of its refusal. */
const CODE_OF_PART: Record<string, string> = { body: 'invalid_input', querystring: 'invalid_query', params: 'invalid_params', headers: 'invalid_headers' };

/** How a schema's failures are answered, when not the default of its request part. */
export interface Refusal {
  /** The error code (default by part: invalid_input, invalid_query, invalid_params). */
  code?: string;
  /** A message instead of the issues (`the announcement id is a positive whole number`). */
  message?: string;
  /** What an unknown field is told (default `is not a known field`). */
  unknownKey?: string;
  /** Issues as `{ at, message }` only. */
  short?: boolean;
}
const REFUSALS = new WeakMap<object, Refusal>();

/** Says how a request schema's failures are answered (see validationError); returns the schema. */
export function refusal<S extends z.ZodType>(schema: S, r: Refusal): S {
  REFUSALS.set(schema, r);
  return schema;
}

/**
 * A request part that failed its zod schema, as a 400. Unknown fields get one issue each, at the
 * field, like the announcement input does for `npm run announce`.
 */
export function validationError(part: string, schema: object, error: z.ZodError): ApiError {
  const r = REFUSALS.get(schema) ?? {};
  const code = r.code ?? CODE_OF_PART[part] ?? 'invalid_request';
  if (r.message) return new ApiError(400, code, r.message);
  const issues = inputIssues(error).map((i): ApiIssue => {
    const message = i.code === 'unrecognized_keys' && r.unknownKey ? r.unknownKey : i.message;
    return r.short ? { at: i.at, message } : { ...i, message };
  });
  return new ApiError(400, code, undefined, { issues });
}
