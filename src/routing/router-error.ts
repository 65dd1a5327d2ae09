import type { ErrorKind } from '../providers/errors.js';

/** One model the router tried for a call, in the order tried. */
export interface RouterAttempt {
  /** The model id, `provider:model`. */
  model: string;
  ok: boolean;
  /** Why the model gave no answer; absent when it answered. */
  errorKind?: ErrorKind;
  message?: string;
  /** True when the model was not called at all, because its credentials are absent. */
  skipped?: boolean;
  /** Calls made to this model, retries included; 0 when skipped. */
  calls: number;
  /** Wall time spent on this model, retries and the waits between them included. */
  latencyMs: number;
}

/**
 * - `unknown_task`: the routing config has no route for the task asked for.
 * - `missing_variable`: the route's prompt template uses a variable the call did not give.
 * - `failed`: no model answered: every one failed, or one failed in a way the router does not
 *   fall back on (see `FALLBACK_KINDS` in router.ts).
 * - `aborted`: the caller's signal aborted the call.
 */
export type RouterErrorCode = 'unknown_task' | 'missing_variable' | 'failed' | 'aborted';

/** Why a routed call gave no answer, with every model it tried. */
export class RouterError extends Error {
  override readonly name = 'RouterError';
  readonly code: RouterErrorCode;
  readonly task: string;
  /** Every model tried, in order; empty when no model was called. */
  readonly attempts: RouterAttempt[];
  /** The kind of the failure that ended the call; null when no model was called. */
  readonly kind: ErrorKind | null;

  constructor(fields: {
    code: RouterErrorCode;
    task: string;
    message: string;
    attempts?: RouterAttempt[];
    kind?: ErrorKind | null;
    cause?: unknown;
  }) {
    super(fields.message, { cause: fields.cause });
    this.code = fields.code;
    this.task = fields.task;
    this.attempts = fields.attempts ?? [];
    this.kind = fields.kind ?? null;
  }
}

/** One line per attempt: `openai:gpt-5.4-mini: server after 4 calls (injected status 500)`. */
export function describeAttempts(attempts: readonly RouterAttempt[]): string {
  return attempts
    .map((a) => {
      if (a.ok) return `${a.model}: answered`;
      if (a.skipped) return `${a.model}: skipped (${a.message ?? 'credentials absent'})`;
      const calls = a.calls === 1 ? '1 call' : `${a.calls} calls`;
      return `${a.model}: ${a.errorKind ?? 'error'} after ${calls} (${a.message ?? 'no message'})`;
    })
    .join('; ');
}
