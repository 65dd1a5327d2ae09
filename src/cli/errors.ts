import { ConfigError } from '../config/errors.js';

/** Bad usage of the command line: exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Errors a user can fix by changing their input: exit 2 and a one-line message. */
export function isInputError(error: unknown): error is Error {
  return (
    error instanceof ConfigError ||
    error instanceof UsageError ||
    (error instanceof Error && error.name === 'DatasetError')
  );
}
