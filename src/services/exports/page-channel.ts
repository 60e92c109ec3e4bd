/**
 * A queue one side pushes into and the other reads with `for await`: lets a second consumer (the
 * plan summary) see the pages an export reads, instead of reading them again.
 */
export interface PageChannel<T> extends AsyncIterable<T> {
  push(item: T): void;
  /** No more items: the reader's loop ends. */
  end(): void;
  /** The reader's loop throws this. */
  fail(error: unknown): void;
}

export function pageChannel<T>(): PageChannel<T> {
  const queue: T[] = [];
  let done = false;
  let failure: { error: unknown } | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  return {
    push(item) {
      queue.push(item);
      notify();
    },
    end() {
      done = true;
      notify();
    },
    fail(error) {
      failure = { error };
      notify();
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (failure) throw failure.error;
        if (queue.length) {
          yield queue.shift()!;
          continue;
        }
        if (done) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}
