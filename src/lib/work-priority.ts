import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * How urgent the work under way is, for a database that answers one query at a time (PGlite):
 * `urgent` (the health check), `interactive` (a person waiting for a reply: the default) or
 * `background` (broadcasts, reminders, housekeeping). The database serves the most urgent waiting
 * query first; a query already running is never interrupted. Carried through async calls with
 * AsyncLocalStorage, so the code that queries never passes it along.
 */
export type WorkPriority = 'urgent' | 'interactive' | 'background';

const current = new AsyncLocalStorage<WorkPriority>();

/** Runs `fn` (and everything it starts: promises, timers) as background work. */
export function inBackground<T>(fn: () => T): T {
  return current.run('background', fn);
}

/** Runs `fn` ahead of everything else waiting (keep it to one small query, such as a ping). */
export function urgently<T>(fn: () => T): T {
  return current.run('urgent', fn);
}

/** The priority of the work that is calling now. */
export function workPriority(): WorkPriority {
  return current.getStore() ?? 'interactive';
}
