import { execFileSync } from 'node:child_process';

/**
 * The end-to-end tests run the CLI as a user does, from the compiled `dist/`: build it once
 * before any test, so they never run a stale build.
 */
export default function setup(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
}
