/**
 * The loopback servers in a child process of their own, so that `process.cpuUsage()` in the
 * benchmark counts the client's work and none of the server's.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVE_SCRIPT = path.join(REPO_ROOT, 'test', 'servers', 'serve.ts');
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

export interface ServerUrls {
  openai: string;
  anthropic: string;
  bedrock: string;
  ollama: string;
}

export interface ServerProcess {
  urls: ServerUrls;
  /** Ends the child: stdin closed and SIGTERM, then SIGKILL if it has not gone in 5 s. */
  stop(): Promise<void>;
}

export async function startServerProcess(): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE_SCRIPT], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  // The last resort when the benchmark dies without reaching its `finally`: 'exit' runs on an
  // uncaught exception and on process.exit, and kill() is synchronous.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    await stopChild(child);
  };

  try {
    const urls = await readUrls(child);
    return { urls, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function readUrls(child: ChildProcess): Promise<ServerUrls> {
  if (child.stdout === null) throw new Error('the server process has no stdout');
  const lines = createInterface({ input: child.stdout });
  const timeout = AbortSignal.timeout(START_TIMEOUT_MS);

  const firstLine = new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code, signal) => {
      reject(new Error(`the server process exited before it listened (${signal ?? code})`));
    });
    child.once('error', reject);
    timeout.addEventListener('abort', () => {
      reject(new Error(`the server process printed no URLs within ${START_TIMEOUT_MS} ms`));
    });
  });

  const line = await firstLine;
  lines.close();
  return JSON.parse(line) as ServerUrls;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.stdin?.end();
  child.kill('SIGTERM');

  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
