import type { Environment } from '../providers/credentials.js';
import type { CliIo } from './main.js';

/** What every command receives from `main`. */
export interface CommandContext {
  env: Environment;
  io: CliIo;
  setExitCode(code: number): void;
}
