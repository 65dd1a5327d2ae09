import { execFileSync } from 'node:child_process';

/**
 * The end-to-end tests run the CLI as a user does, from the compiled `dist/`: build it once
 * before any test, so they never run a stale build. `EVALS_SKIP_BUILD=1` skips it when only
 * unit tests are wanted while the tree does not compile.
 */
export default function setup(): void {
  if (process.env.EVALS_SKIP_BUILD === '1') return;
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
}
