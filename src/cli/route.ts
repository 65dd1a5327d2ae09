import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseYaml } from '../config/yaml.js';
import { ollamaHost } from '../providers/credentials.js';
import { writeJson } from '../results/files.js';
import type { RunSummary } from '../results/summary-types.js';
import { buildRouting } from '../routing/build.js';
import { litellmYaml, mergeLitellm, toLitellm } from '../routing/litellm.js';
import { mergeRouting } from '../routing/merge.js';
import { parseRoutingConfig, readRoutingJson } from '../routing/parse.js';
import type { RoutingConfig } from '../routing/schema.js';
import type { CommandContext } from './context.js';
import { UsageError } from './errors.js';
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
  /** `routing`: routing.json (the default); `litellm`: a LiteLLM proxy config. */
  format?: 'routing' | 'litellm';
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

  const route = outcome.config.routes[summary.task];
  const line =
    `Route for ${summary.task}: ${route?.primary.model}` +
    (route?.fallbacks.length ? `, then ${route.fallbacks.map((f) => f.model).join(', ')}` : '');

  if (options.format === 'litellm') {
    const out = options.out ? path.resolve(io.cwd, options.out) : path.join(dir, 'litellm.yaml');
    await writeLitellm(out, outcome.config, summary, context, { line, json: options.json });
    return;
  }

  const out = options.out ? path.resolve(io.cwd, options.out) : files.routing;
  const display = path.relative(io.cwd, out) || out;
  // An existing routing file keeps every other task's route; an invalid one is not overwritten.
  let existing: RoutingConfig | null = null;
  if (existsSync(out)) {
    const raw = await readRoutingJson(out, display);
    parseRoutingConfig(raw, display);
    existing = raw as RoutingConfig;
  }
  const merged = mergeRouting(existing, outcome.config);
  await writeJson(out, merged);
  if (options.json) {
    io.stdout.write(`${JSON.stringify(merged, null, 2)}\n`);
    return;
  }
  const others = Object.keys(merged.routes).filter((task) => task !== summary.task);
  io.stdout.write(
    `${line}\nWrote ${display}${others.length ? ` (kept the routes of ${others.join(', ')})` : ''}\n`,
  );
}

async function writeLitellm(
  out: string,
  config: RoutingConfig,
  summary: RunSummary,
  context: CommandContext,
  print: { line: string; json?: boolean | undefined },
) {
  const { io } = context;
  const display = path.relative(io.cwd, out) || out;
  const generated = toLitellm(config, { ollamaApiBase: ollamaHost(context.env) });
  const groups = generated.groups[summary.task] ?? [];
  if (groups.length === 0) {
    const route = config.routes[summary.task];
    const models = route ? [route.primary, ...route.fallbacks].map((t) => t.model) : [];
    throw new UsageError(
      `the ${summary.task} route is local baselines only (${models.join(', ')}), which a ` +
        'LiteLLM proxy cannot serve; route through createRouter instead, or choose a route ' +
        'with a model in it (a higher --floor, say)',
    );
  }
  for (const warning of generated.warnings) io.stderr.write(`evals: ${warning}\n`);

  const existing = existsSync(out) ? parseYaml(await readFile(out, 'utf8'), display).value : null;
  const merged = mergeLitellm(existing, generated, display);
  const header = [
    `LiteLLM proxy config written by \`evals route\` from run ${summary.runId} (${summary.eval}).`,
    `Callers ask for model "${summary.task}"; LiteLLM falls back along router_settings.fallbacks.`,
    'Keys are read from the environment (os.environ/...); no secret is written here.',
  ];
  await writeFile(out, litellmYaml(merged, { header, comments: generated.comments }));
  if (print.json) {
    io.stdout.write(`${JSON.stringify(merged, null, 2)}\n`);
    return;
  }
  io.stdout.write(
    `${print.line}\nWrote ${display} (a LiteLLM proxy config; callers ask for model ` +
      `"${summary.task}")\n`,
  );
}
