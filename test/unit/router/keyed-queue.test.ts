import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../../../src/router/keyed-queue.js';

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Lets pending promise callbacks (the queue's clean-up) run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A promise with its resolve function exposed, to control when a task finishes. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('KeyedQueue', () => {
  it('returns the result of the task', async () => {
    const q = new KeyedQueue();
    await expect(q.run('chat', async () => 42)).resolves.toBe(42);
  });

  it('runs tasks of the same key strictly in order, even when the first is slower', async () => {
    const q = new KeyedQueue();
    const log: string[] = [];
    const slow = q.run('chat', async () => {
      log.push('slow start');
      await delay(30);
      log.push('slow end');
    });
    const fast = q.run('chat', async () => {
      log.push('fast start');
      log.push('fast end');
    });
    await Promise.all([slow, fast]);
    expect(log).toEqual(['slow start', 'slow end', 'fast start', 'fast end']);
  });

  it('does not start the next task of a key before the previous one finishes', async () => {
    const q = new KeyedQueue();
    const gate = deferred();
    let secondStarted = false;
    const first = q.run('chat', () => gate.promise);
    const second = q.run('chat', async () => {
      secondStarted = true;
    });
    await settle();
    expect(secondStarted).toBe(false);
    gate.resolve();
    await Promise.all([first, second]);
    expect(secondStarted).toBe(true);
  });

  it('keeps arrival order for many tasks of one key', async () => {
    const q = new KeyedQueue();
    const done: number[] = [];
    await Promise.all(
      [5, 1, 4, 0, 3].map((ms, i) =>
        q.run('chat', async () => {
          await delay(ms);
          done.push(i);
        }),
      ),
    );
    expect(done).toEqual([0, 1, 2, 3, 4]);
  });

  it('runs tasks of different keys concurrently', async () => {
    const q = new KeyedQueue();
    const gateA = deferred();
    const log: string[] = [];
    const a = q.run('a', async () => {
      log.push('a start');
      await gateA.promise;
      log.push('a end');
    });
    const b = q.run('b', async () => {
      log.push('b ran');
    });
    await b; // b finishes while a is still waiting
    expect(log).toEqual(['a start', 'b ran']);
    gateA.resolve();
    await a;
    expect(log).toEqual(['a start', 'b ran', 'a end']);
  });

  it('passes a rejection to its caller without blocking the next task of the key', async () => {
    const q = new KeyedQueue();
    const failing = q.run('chat', async () => {
      throw new Error('handler failed');
    });
    const next = q.run('chat', async () => 'still runs');
    await expect(failing).rejects.toThrow('handler failed');
    await expect(next).resolves.toBe('still runs');
  });

  it('runs the next task after a synchronously throwing task', async () => {
    const q = new KeyedQueue();
    const failing = q.run('chat', () => {
      throw new Error('sync');
    });
    const next = q.run('chat', async () => 'ok');
    await expect(failing).rejects.toThrow('sync');
    await expect(next).resolves.toBe('ok');
  });

  it('tracks one entry per busy key and goes back to size 0 when all are done', async () => {
    const q = new KeyedQueue();
    expect(q.size).toBe(0);
    const gate = deferred();
    const tasks = [
      q.run('a', () => gate.promise),
      q.run('a', async () => {}),
      q.run('b', () => gate.promise),
      q
        .run('c', async () => {
          throw new Error('x');
        })
        .catch(() => {}),
    ];
    expect(q.size).toBe(3);
    gate.resolve();
    await Promise.all(tasks);
    await settle();
    expect(q.size).toBe(0);
  });

  it('keeps the key while a later task is still queued behind a finished one', async () => {
    const q = new KeyedQueue();
    const gate = deferred();
    const first = q.run('a', async () => {});
    const second = q.run('a', () => gate.promise);
    await first;
    await settle();
    expect(q.size).toBe(1);
    gate.resolve();
    await second;
    await settle();
    expect(q.size).toBe(0);
  });
});
