import path from 'node:path';
import { loadSpec, resolveEvalPath } from '../config/load-spec.js';
import { evaluate } from '../evaluate.js';
import { renderTerminalTable } from '../report/table.js';
import type { CommandContext } from './context.js';
import { progressReporter } from './progress.js';

export interface RunOptions {
  models?: string[];
  fixtures?: string;
  limit?: number;
  out: string;
  concurrency?: number;
  judge?: string[];
  json?: boolean;
}

export async function runCommand(name: string, options: RunOptions, context: CommandContext) {
  const { io, env } = context;
  const spec = await loadSpec(resolveEvalPath(name, io.cwd));
  const progress = progressReporter(io.stderr);
  // The first Ctrl-C stops sending calls and lets those in flight (already paid for) finish;
  // the second cuts them; the third leaves at once. Every finished row is kept, and the summary
  // and report are written for what finished.
  const stop = new AbortController();
  const cut = new AbortController();
  const onSigint = () => {
    if (cut.signal.aborted) process.exit(130);
    if (stop.signal.aborted) {
      io.stderr.write('\nCutting the calls in flight (Ctrl-C again to quit now)\n');
      cut.abort();
      return;
    }
    io.stderr.write('\nStopping: no new calls; waiting for those in flight (Ctrl-C to cut them)\n');
    stop.abort();
  };
  process.on('SIGINT', onSigint);

  const result = await evaluate({
    spec,
    env,
    outDir: path.resolve(io.cwd, options.out),
    ...(options.models ? { models: options.models } : {}),
    ...(options.judge ? { judges: options.judge } : {}),
    ...(options.fixtures ? { fixtures: path.resolve(io.cwd, options.fixtures) } : {}),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    signal: cut.signal,
    stop: stop.signal,
    onEvent: (event) => {
      if (event.type === 'start') io.stderr.write(describeSkipped(event.skipped));
      progress.onEvent(event);
    },
  }).finally(() => {
    progress.stop();
    process.off('SIGINT', onSigint);
  });
  if (stop.signal.aborted) context.setExitCode(130);

  const { summary, runDir, routing } = result;
  const failed = summary.models.filter((m) => m.status === 'ran' && m.ok === 0 && m.errors > 0);
  if (failed.length > 0) context.setExitCode(1);

  if (options.json) {
    io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }

  const shown = path.relative(io.cwd, runDir);
  const relative = shown.startsWith('..') ? runDir : shown || '.';
  const lines = [
    renderTerminalTable(summary, { color: Boolean(io.stdout.isTTY) && !env.NO_COLOR }),
  ];
  if (!summary.judge.judged) {
    lines.push(`Unjudged: ${summary.judge.reason ?? 'no judge scored any output'}.`);
    lines.push('Models are ranked by the share of outputs that pass every check.');
  }
  const route = routing.config?.routes[summary.task];
  if (route) {
    const fallbacks = route.fallbacks.map((f) => f.model).join(', ');
    lines.push(
      `Route for ${summary.task}: ${route.primary.model}${fallbacks ? `, then ${fallbacks}` : ''}`,
    );
  }
  for (const model of failed) {
    const kinds = Object.entries(model.errorsByKind)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ');
    lines.push(`Every call to ${model.model} failed (${kinds}); see the report's failures.`);
  }
  for (const warning of summary.warnings) lines.push(`Warning: ${warning}`);
  lines.push(`Run folder: ${relative}`);
  lines.push(`Report: ${path.join(relative, 'report.html')}`);
  io.stdout.write(`${lines.join('\n')}\n`);
}

/** One line per reason: `skipped (OPENAI_API_KEY is not set): openai:a, openai:b`. */
function describeSkipped(skipped: Array<{ model: string; reason: string }>): string {
  const byReason = new Map<string, string[]>();
  for (const { model, reason } of skipped)
    byReason.set(reason, [...(byReason.get(reason) ?? []), model]);
  return [...byReason]
    .map(([reason, models]) => `skipped ${models.join(', ')}: ${reason}\n`)
    .join('');
}
