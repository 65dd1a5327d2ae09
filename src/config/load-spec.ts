import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isKnownLocalModel } from '../providers/local.js';
import { BUILTIN_PROVIDERS, type ModelId, parseModelId } from '../providers/model-id.js';
import { ConfigError, didYouMean } from './errors.js';
import { type Rubric, rubricSchema } from './rubric.js';
import type { EndpointConfig, EvalSpecFile, ModelEntry } from './spec.js';
import { specSchema } from './spec.js';
import { parseYaml, validate } from './yaml.js';

/** The package's own folder, where the embedded evals and fixtures live. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type SpecModel = ModelEntry & ModelId;

/** An eval spec with its files read, its paths resolved and its cross-field rules checked. */
export interface EvalSpec extends Omit<EvalSpecFile, 'models' | 'judge' | 'prompt' | 'rubric'> {
  name: string;
  task: string;
  /** Absolute path of the spec file. */
  file: string;
  fixturesPath: string;
  prompt: { system: string | null; template: string; file: string | null };
  models: SpecModel[];
  judge: Omit<EvalSpecFile['judge'], 'models'> & { models: ModelId[] };
  rubric: Rubric;
  rubricFile: string;
  rubricText: string;
}

/**
 * Finds an eval by name or path: a path that exists; else `evals/<name>.yaml` under the working
 * folder; else the package's embedded `evals/<name>.yaml`.
 */
export function resolveEvalPath(nameOrPath: string, cwd: string): string {
  const candidates = [
    path.resolve(cwd, nameOrPath),
    path.resolve(cwd, 'evals', `${nameOrPath}.yaml`),
    path.resolve(PACKAGE_ROOT, 'evals', `${nameOrPath}.yaml`),
  ];
  const found = candidates.find((candidate) =>
    candidate.endsWith('.yaml') || candidate.endsWith('.yml') ? existsSync(candidate) : false,
  );
  if (found) return found;
  throw new ConfigError({
    file: nameOrPath,
    message:
      `no eval spec found; looked for ${candidates.map((c) => path.relative(cwd, c) || c).join(', ')}. ` +
      'Pass a .yaml path or a name under evals/',
  });
}

/** Reads, validates and resolves an eval spec and the files it names. */
export async function loadSpec(specPath: string): Promise<EvalSpec> {
  const file = path.resolve(specPath);
  const displayFile = path.relative(process.cwd(), file) || file;
  const text = await readText(file, displayFile, 'the eval spec');
  const source = parseYaml(text, displayFile);
  const raw = validate(source, specSchema);
  const dir = path.dirname(file);

  const models = raw.models.map((entry, index) => {
    const parsed = checkModelId(entry.id, raw.endpoints);
    if (typeof parsed === 'string') {
      throw new ConfigError({
        file: displayFile,
        keyPath: `models[${index}].id`,
        line: source.lineOf(['models', index, 'id']),
        message: parsed,
      });
    }
    return { ...entry, ...parsed };
  });
  const duplicate = models.find((m, i) => models.findIndex((o) => o.id === m.id) !== i);
  if (duplicate) {
    const index = models.lastIndexOf(duplicate);
    throw new ConfigError({
      file: displayFile,
      keyPath: `models[${index}].id`,
      line: source.lineOf(['models', index, 'id']),
      message: `"${duplicate.id}" is listed twice; list each model once`,
    });
  }

  const judgeModels = raw.judge.models.map((id, index) => {
    const parsed = checkModelId(id, raw.endpoints);
    if (typeof parsed === 'string') {
      throw new ConfigError({
        file: displayFile,
        keyPath: `judge.models[${index}]`,
        line: source.lineOf(['judge', 'models', index]),
        message: parsed,
      });
    }
    if (parsed.provider === 'local') {
      throw new ConfigError({
        file: displayFile,
        keyPath: `judge.models[${index}]`,
        line: source.lineOf(['judge', 'models', index]),
        message: 'a local baseline cannot judge; name a model of a real provider',
      });
    }
    return parsed;
  });

  const promptFile = raw.prompt.file ? path.resolve(dir, raw.prompt.file) : null;
  const template = promptFile
    ? await readText(promptFile, raw.prompt.file ?? promptFile, 'the prompt template (prompt.file)')
    : (raw.prompt.template ?? '');

  const rubricFile = path.resolve(dir, raw.rubric);
  const rubricDisplay = path.relative(process.cwd(), rubricFile) || rubricFile;
  const rubricText = await readText(rubricFile, rubricDisplay, 'the rubric (rubric)');
  const rubric = validate(parseYaml(rubricText, rubricDisplay), rubricSchema);

  const name = raw.name ?? path.basename(file).replace(/\.ya?ml$/, '');
  return {
    ...raw,
    name,
    task: raw.task ?? name,
    file,
    fixturesPath: path.resolve(dir, raw.fixtures),
    prompt: { system: raw.prompt.system ?? null, template, file: promptFile },
    models,
    judge: { ...raw.judge, models: judgeModels },
    rubric,
    rubricFile,
    rubricText,
  };
}

/** Returns the parsed id, or a message saying what is wrong with it and how to fix it. */
export function checkModelId(
  id: string,
  endpoints: Record<string, EndpointConfig>,
): ModelId | string {
  const parsed = parseModelId(id);
  if (!parsed) {
    return `"${id}" is not a model id; write provider:model, e.g. "openai:gpt-5.4-mini"`;
  }
  const providers = [...BUILTIN_PROVIDERS, ...Object.keys(endpoints)];
  if (!providers.includes(parsed.provider)) {
    const guess = didYouMean(parsed.provider, providers);
    const hint = guess ? `did you mean "${guess}"?` : `use one of ${providers.join(', ')}`;
    return `unknown provider "${parsed.provider}"; ${hint} (or declare it under endpoints)`;
  }
  if (parsed.provider === 'local' && !isKnownLocalModel(parsed.model)) {
    return `unknown local baseline "${parsed.model}"; use lead-N (e.g. lead-3) or textrank-N`;
  }
  return parsed;
}

async function readText(file: string, display: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'not found' : `cannot be read (${code ?? String(error)})`;
    throw new ConfigError({ file: display, message: `${what} ${reason}` });
  }
}
