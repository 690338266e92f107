import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npm run <script> -- <args>` in the project as a user would, with `env` on top of this
 * process's environment (`undefined` removes a variable), in `cwd` (this project by default).
 * Kills it after `timeoutMs`.
 */
export function runNpmScript(
  script: string,
  args: string[],
  env: Record<string, string | undefined>,
  timeoutMs = 300_000,
  cwd = ROOT,
): Promise<ScriptResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[name];
    else childEnv[name] = value;
  }
  return new Promise((done, fail) => {
    const child = spawn(
      'npm',
      ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])],
      {
        cwd,
        env: childEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, so that a timeout ends npm and the node process it started.
        detached: true,
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}
