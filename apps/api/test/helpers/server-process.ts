import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const apiDir = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly port: number;
  /** Everything the server printed so far (stdout and stderr). */
  readonly log: () => string;
}

/**
 * Starts the API as its own process (`args` after node, run in apps/api) on 127.0.0.1, port
 * 0, serving the registry under `artifactsDir`; resolves with the port it listens on, or
 * rejects with its output when it exits first.
 */
export async function startServerProcess(
  args: readonly string[],
  options: { readonly artifactsDir: string; readonly logLevel: string },
): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, {
    cwd: apiDir,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: options.logLevel,
      CHURN_ARTIFACTS_DIR: options.artifactsDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk;
      const match = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited early (${code}):\n${output}`)));
  });
  return { child, port, log: () => output };
}
