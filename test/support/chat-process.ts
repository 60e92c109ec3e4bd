import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsx = path.join(projectRoot, 'node_modules', '.bin', 'tsx');

/** The environment for a child process: this one's, minus anything that would pick a channel. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^(TELEGRAM_|ZALO_|DATABASE_URL|PUBLIC_URL|CONSOLE)/.test(k)) delete env[k];
  return { ...env, NODE_ENV: 'test', ...extra };
}

/** Runs a project entry point (e.g. `src/chat.ts`) with tsx in a real child process. */
export function spawnEntry(entry: string, args: string[], env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(tsx, [entry, ...args], { cwd: projectRoot, env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
}

export type EntryResult = { code: number | null; stdout: string; stderr: string };

/** Runs a project entry point (e.g. `scripts/export.ts`) to its end with nothing on stdin: its exit code and what it printed. */
export function runEntry(entry: string, args: string[], env: Record<string, string>): Promise<EntryResult> {
  const child = spawnEntry(entry, args, env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  child.stdin.end();
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** `npm run chat -- --jsonl` as a child process: send a line, get its one JSON line back. */
export function chatProcess(args: string[], env: Record<string, string>) {
  const child = spawnEntry('src/chat.ts', ['--jsonl', ...args], env);
  let out = '';
  let err = '';
  const waiting: ((line: string) => void)[] = [];
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString('utf8');
    let nl;
    while ((nl = out.indexOf('\n')) >= 0) {
      const line = out.slice(0, nl);
      out = out.slice(nl + 1);
      waiting.shift()?.(line);
    }
  });
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    stderr: () => err,
    exited,
    send(line: string): Promise<{ in: string; replies: { text: string; buttons?: { label: string; action: string }[][] }[] }> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no reply to ${line}; stderr: ${err}`)), 60_000);
        waiting.push((l) => {
          clearTimeout(timer);
          resolve(JSON.parse(l));
        });
        child.stdin.write(`${line}\n`);
      });
    },
  };
}
