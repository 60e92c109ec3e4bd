import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { stepFlow } from '../../../src/handlers/step-flow.js';
import type { OutboundMessage } from '../../../src/lib/messages.js';
import type { HandlerContext } from '../../../src/router/context.js';

const flow = stepFlow({
  name: 'wiz',
  steps: ['one', 'two', 'three'] as const,
  data: z.object({ n: z.number().optional() }),
  allowed: (ctx) => ctx.who.role === 'officer',
  texts: { back: 'nav.back', cancel: 'nav.cancel', cancelled: 'wiz.cancelled', oldButton: 'wiz.old', refused: 'wiz.refused' },
});

/** Just enough of a handler context: `t` gives the key, and the flow calls are recorded. */
function context(o: { action?: string; text?: string; flow?: string | null; step?: string | null; data?: Record<string, unknown>; role?: string } = {}) {
  const calls: string[] = [];
  const ctx = {
    action: o.action,
    args: o.action ? o.action.split(':').slice(1) : [],
    text: o.text ?? '',
    who: { role: o.role ?? 'officer' },
    t: (key: string) => key,
    conversation: { flow: o.flow ?? null, step: o.step ?? null, data: o.data ?? {} },
    goTo: (f: string, step: string) => calls.push(`goTo ${f}:${step}`),
    endFlow: () => calls.push('endFlow'),
    mainMenu: (text?: string): OutboundMessage => ({ text: `menu: ${text}` }),
  } as unknown as HandlerContext;
  return { ctx, calls };
}

const reply = (text: string) => async (): Promise<OutboundMessage[]> => [{ text }];
const handler = flow.handler({
  start: reply('start'),
  lost: reply('lost'),
  again: async (_ctx, step, d, notes = []) => [{ text: `again ${step} ${JSON.stringify(d)} ${notes.join('|')}` }],
  button: async (_ctx, step, _d, verb, arg) => [{ text: `button ${step} '${verb}' ${arg}` }],
  text: async (_ctx, step, _d, text) => [{ text: `text ${step} '${text}'` }],
});
const run = async (o: Parameters<typeof context>[0]) => {
  const { ctx, calls } = context(o);
  return { texts: (await handler(ctx)).map((r) => r.text), calls };
};

describe('stepFlow', () => {
  it('builds action ids, and the back / cancel row (no back at the first step)', () => {
    expect(flow.action('two', 'pick', 'x')).toBe('wiz:two:pick:x');
    expect(flow.action('two', 'back')).toBe('wiz:two:back');
    expect(flow.navRow(context().ctx, 'one')).toEqual([{ label: 'nav.cancel', action: 'wiz:cancel' }]);
    expect(flow.navRow(context().ctx, 'two')).toEqual([
      { label: 'nav.back', action: 'wiz:two:back' },
      { label: 'nav.cancel', action: 'wiz:cancel' },
    ]);
  });

  it('finds the step after and before one in a sequence', () => {
    const seq = ['one', 'three'] as const;
    expect(flow.after(seq, 'one')).toBe('three');
    expect(flow.after(seq, 'three')).toBeUndefined();
    expect(flow.after(seq, 'two')).toBe('one');
    expect(flow.before(seq, 'three')).toBe('one');
    expect(flow.before(seq, 'one')).toBeUndefined();
  });

  it('saves the step and asks its question with the navigation row', () => {
    const { ctx, calls } = context();
    const asked = flow.prompt(ctx, 'two', { n: 1 }, { text: 'Q?', buttons: [[{ label: 'A', action: 'wiz:two:pick:a' }]] });
    expect(asked).toEqual([{ text: 'Q?', buttons: [[{ label: 'A', action: 'wiz:two:pick:a' }], flow.navRow(ctx, 'two')] }]);
    expect(asked[0]).not.toHaveProperty('input');
    expect(flow.prompt(ctx, 'one', {}, { text: 'Q?', buttons: [], input: 'text' })[0]!.input).toBe('text');
    expect(calls).toEqual(['goTo wiz:two', 'goTo wiz:one']);
  });

  it('reads the data of its own flow only', () => {
    expect(flow.read(context({ flow: 'wiz', data: { n: 2 } }).ctx)).toEqual({ n: 2 });
    expect(flow.read(context({ flow: 'other', data: { n: 2 } }).ctx)).toBeNull();
    expect(flow.read(context({ flow: 'wiz', data: { n: 'x' } }).ctx)).toBeNull();
  });

  it('routes buttons and messages', async () => {
    const at = { flow: 'wiz', step: 'two', data: { n: 1 } };
    expect(await run({ role: 'member', flow: 'wiz', step: 'two', text: 'x' })).toEqual({ texts: ['menu: wiz.refused'], calls: ['endFlow'] });
    expect(await run({ role: 'member', text: 'x' })).toEqual({ texts: ['menu: wiz.refused'], calls: [] });
    expect((await run({ ...at, action: 'wiz' })).texts).toEqual(['start']);
    expect(await run({ ...at, action: 'wiz:cancel' })).toEqual({ texts: ['menu: wiz.cancelled'], calls: ['endFlow'] });
    expect((await run({ action: 'wiz:two:pick:a' })).texts).toEqual(['lost']);
    expect((await run({ flow: 'wiz', step: 'nine', text: 'x' })).texts).toEqual(['lost']);
    expect((await run({ ...at, action: 'wiz:one:pick:a' })).texts).toEqual(['again two {"n":1} wiz.old']);
    expect((await run({ ...at, action: 'wiz:two:pick:a' })).texts).toEqual(["button two 'pick' a"]);
    expect((await run({ ...at, action: 'wiz:two' })).texts).toEqual(["button two '' undefined"]);
    expect((await run({ ...at, text: 'hello' })).texts).toEqual(["text two 'hello'"]);
    expect((await run({ ...at })).texts).toEqual(["text two ''"]);
  });

  it('lets only those allowed through a start command', async () => {
    const start = flow.start(reply('started'));
    expect((await start(context().ctx)).map((r) => r.text)).toEqual(['started']);
    expect((await start(context({ role: 'guest' }).ctx)).map((r) => r.text)).toEqual(['menu: wiz.refused']);
  });
});
