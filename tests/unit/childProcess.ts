/** The eval CLI (and other commands) run as a child process from the repository root, for the CLI tests. */
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `command` with `args` in the repository root, `stdin` as its input; resolves when it exits. */
export function run(command: string, args: readonly string[], stdin = ''): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** `npm run eval -- …args` without npm: node with tsx on src/cli/eval.ts. */
export function cli(args: readonly string[], stdin = ''): Promise<Run> {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/eval.ts', ...args], stdin);
}
