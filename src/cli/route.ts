import path from 'node:path';
import { writeJson } from '../results/files.js';
import { buildRouting } from '../routing/build.js';
import type { CommandContext } from './context.js';
import { loadRun } from './run-dir.js';

export interface RouteOptions {
  floor?: number;
  maxErrorRate?: number;
  maxCost?: number;
  maxP95?: number;
  objective?: 'cheapest' | 'best';
  fallbacks?: number;
  out?: string;
  json?: boolean;
}

export async function routeCommand(runDir: string, options: RouteOptions, context: CommandContext) {
  const { io } = context;
  const dir = path.resolve(io.cwd, runDir);
  const { summary, files } = await loadRun(dir);
  const base = summary.settings.routing;
  const policy = {
    ...base,
    ...(options.floor !== undefined ? { qualityFloor: options.floor } : {}),
    ...(options.maxErrorRate !== undefined ? { maxErrorRate: options.maxErrorRate } : {}),
    ...(options.maxCost !== undefined ? { maxCostPer1kUsd: options.maxCost } : {}),
    ...(options.maxP95 !== undefined ? { maxLatencyP95Ms: options.maxP95 } : {}),
    ...(options.objective ? { objective: options.objective } : {}),
    ...(options.fallbacks !== undefined ? { fallbacks: options.fallbacks } : {}),
  };

  const outcome = buildRouting({
    summary,
    policy,
    prompt: summary.settings.prompt,
    params: {
      maxOutputTokens: summary.settings.maxOutputTokens ?? 600,
      ...(summary.settings.temperature !== null
        ? { temperature: summary.settings.temperature }
        : {}),
    },
    generatedAt: new Date(),
  });

  if (!outcome.config) {
    io.stderr.write(`evals: no model met the policy for ${summary.task}:\n`);
    for (const { model, reason } of outcome.choice.rejected) {
      io.stderr.write(`  ${model}: ${reason}\n`);
    }
    context.setExitCode(1);
    return;
  }
  const out = options.out ? path.resolve(io.cwd, options.out) : files.routing;
  await writeJson(out, outcome.config);
  if (options.json) {
    io.stdout.write(`${JSON.stringify(outcome.config, null, 2)}\n`);
    return;
  }
  const route = outcome.config.routes[summary.task];
  io.stdout.write(
    `Route for ${summary.task}: ${route?.primary.model}` +
      (route?.fallbacks.length ? `, then ${route.fallbacks.map((f) => f.model).join(', ')}` : '') +
      `\nWrote ${path.relative(io.cwd, out)}\n`,
  );
}
