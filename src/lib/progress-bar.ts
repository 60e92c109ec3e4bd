/** What a progress display needs of a stream: `isTTY` and `columns` when it is a terminal. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Progress {
  update(done: number, total: number): void;
  /** Ends the display (a terminal's bar gets its line end). */
  end(): void;
}

/**
 * Progress of a long task on a stream (stderr): on a terminal, one bar redrawn in place at most
 * ten times a second (`Đang xuất [#####.....] 52% 5,200/10,000`); otherwise (a log, a pipe) one
 * plain line at most every `everyMs` (default 2 s), so logs stay short.
 */
export function createProgress(stream: ProgressStream, label: string, o: { everyMs?: number; now?: () => number } = {}): Progress {
  const now = o.now ?? (() => Date.now());
  const tty = Boolean(stream.isTTY);
  const every = tty ? 100 : (o.everyMs ?? 2000);
  let last = now();
  let drawn = false;
  const line = (done: number, total: number) => {
    const pct = total ? Math.floor((done / total) * 100) : 100;
    const counts = `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`;
    if (!tty) return `${label}: ${pct}% (${counts})\n`;
    const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - counts.length - 12));
    const filled = total ? Math.round((done / total) * width) : width;
    return `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}% ${counts}`;
  };
  return {
    update(done, total) {
      const t = now();
      // A terminal also shows the last step at once; a log only hears of steps at its pace.
      if (t - last < every && !(tty && done === total)) return;
      last = t;
      drawn = true;
      stream.write(line(done, total));
    },
    end() {
      if (tty && drawn) stream.write('\n');
    },
  };
}
