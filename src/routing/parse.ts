import { readFile } from 'node:fs/promises';
import { ConfigError, formatKeyPath } from '../config/errors.js';
import { type RoutingConfig, routingConfigSchema } from './schema.js';

/**
 * Validates a routing config (parsed `routing.json`, or an object built in code). The first
 * problem becomes a ConfigError naming the file and the key path, e.g.
 * `routing.json: routes.summarize.primary.model: ...`.
 */
export function parseRoutingConfig(value: unknown, file = 'routing config'): RoutingConfig {
  const result = routingConfigSchema.safeParse(value);
  if (result.success) return result.data;

  const issue = result.error.issues[0];
  const keyPath = issue ? formatKeyPath(issue.path) : '';
  const message =
    issue?.code === 'invalid_type' && issue.message.includes('received undefined')
      ? `missing; it is required (${issue.expected})`
      : (issue?.message ?? 'invalid routing config');
  throw new ConfigError({
    file,
    keyPath: keyPath || null,
    message: `${message}; regenerate it with \`evals route <run-dir>\` or fix it by hand`,
  });
}

/** Reads and validates a `routing.json`; a missing file or bad JSON names the file. */
export async function loadRoutingConfig(file: string): Promise<RoutingConfig> {
  return parseRoutingConfig(await readRoutingJson(file), file);
}

/**
 * Reads a routing file as plain JSON, without validating it: a caller that rewrites the file
 * validates it with {@link parseRoutingConfig} but keeps this value, so keys a newer version
 * wrote survive the rewrite. `display` names the file in errors (a path relative to the cwd).
 */
export async function readRoutingJson(file: string, display = file): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError({
      file: display,
      message: code === 'ENOENT' ? 'not found' : `cannot be read (${code ?? String(error)})`,
    });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError({ file: display, message: `not JSON (${reason})` });
  }
}
