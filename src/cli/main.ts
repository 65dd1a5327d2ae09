import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { Environment } from '../providers/credentials.js';
import { calibrateCommand } from './calibrate.js';
import { isInputError } from './errors.js';
import { modelsCommand } from './models.js';
import { reportCommand } from './report.js';
import { routeCommand } from './route.js';
import { runCommand } from './run.js';

/** Where the CLI writes, and from where it resolves relative paths. */
export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  cwd: string;
}

/** The CLI's entry: parses argv, runs a command, returns the exit code. */
export async function main(
  argv: string[],
  env: Environment,
  io: CliIo = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() },
): Promise<number> {
  const debug = argv.includes('--debug') || /(^|,)evals/.test(env.DEBUG ?? '');
  let exitCode = 0;
  const program = new Command('evals')
    .description('Pick the LLM for each kind of batch call by measured cost, latency and quality.')
    .option('--debug', 'print stack traces')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  const context = {
    env,
    io,
    setExitCode: (code: number) => {
      exitCode = code;
    },
  };

  program
    .command('run')
    .description('run an eval: every candidate model on every article, judged and ranked')
    .argument('<eval>', 'a name under evals/ (summarize) or a path to a spec')
    .option('--models <ids>', 'only these model ids, comma-separated', list)
    .option('--fixtures <path>', 'another article set (JSONL, JSON array or a folder)')
    .option('--limit <n>', 'only the first n articles', positiveInt)
    .option('--out <dir>', 'where run folders go', 'reports')
    .option('--concurrency <n>', 'calls in flight at once per provider', positiveInt)
    .option('--judge <ids>', 'judge model ids, comma-separated, replacing the spec', list)
    .option('--json', 'print summary.json to stdout instead of the table')
    .action((name: string, options) => runCommand(name, options, context));

  program
    .command('report')
    .description("re-render a run's report.html from its files")
    .argument('<run-dir>', 'a run folder, e.g. reports/summarize/<run-id>')
    .option(
      '--compare <run-dir>',
      'an earlier run folder: show what moved in quality, cost and p95 latency since then',
    )
    .action((runDir: string, options) => reportCommand(runDir, options, context));

  program
    .command('route')
    .description("re-derive a run's route with other policy settings, into routing.json")
    .argument('<run-dir>', 'a run folder')
    .option('--floor <q>', 'lowest acceptable quality, 0..1', unitInterval)
    .option('--max-error-rate <r>', 'highest acceptable error rate, 0..1', unitInterval)
    .option('--max-cost <usd>', 'highest acceptable cost per 1,000 articles', positiveNumber)
    .option('--max-p95 <ms>', 'highest acceptable p95 latency in ms', positiveNumber)
    .addOption(
      new Option('--objective <objective>', 'cheapest that passes, or best that passes').choices([
        'cheapest',
        'best',
      ]),
    )
    .option('--fallbacks <n>', 'how many fallbacks to list', nonNegativeInt)
    .addOption(
      new Option('--format <format>', 'routing.json, or a LiteLLM proxy config (YAML)')
        .choices(['routing', 'litellm'])
        .default('routing'),
    )
    .option(
      '--out <file>',
      "where to write (default: the run folder's routing.json or litellm.yaml); other tasks' " +
        'routes in an existing file are kept',
    )
    .option('--json', 'print the file written, as JSON, to stdout')
    .action((runDir: string, options) => routeCommand(runDir, options, context));

  program
    .command('calibrate')
    .description('how well a judge (or a metric) agrees with human ratings of summaries')
    .option('--data <file>', 'rated summaries, JSONL (default: SummEval, shipped)')
    .option(
      '--references <file>',
      "references per document, JSONL {id, references}; 'rows' for the rows' own",
    )
    .option(
      '--scorer <ids>',
      'rouge-1, rouge-2, rouge-l or a model id; repeat or comma-separate',
      collect,
      [],
    )
    .option('--limit <n>', 'only the first n documents (all their summaries)', positiveInt)
    .option('--rubric <file>', 'the rubric judges follow (default: evals/summeval.rubric.yaml)')
    .option('--concurrency <n>', 'judge calls in flight at once per provider', positiveInt)
    .addOption(
      new Option('--multi-ref <how>', 'combine ROUGE over several references')
        .choices(['mean', 'max'])
        .default('mean'),
    )
    .option('--json', 'print the correlations as JSON')
    .action((options) => calibrateCommand(options, context));

  program
    .command('models')
    .description("an eval's candidates: credentials found and prices; spends nothing")
    .argument('[eval]', 'a name under evals/ or a path to a spec', 'summarize')
    .option('--json', 'print JSON')
    .option('--no-probe', 'do not ask the endpoints (no network at all)')
    .action((name: string, options) => modelsCommand(name, options, context));

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version'
        ? 0
        : error.exitCode === 0
          ? 0
          : 2;
    }
    if (isInputError(error)) {
      io.stderr.write(`evals: ${error.message}\n`);
      if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`evals: internal error: ${message}\n`);
    io.stderr.write(
      debug && error instanceof Error && error.stack
        ? `${error.stack}\n`
        : 'Run again with --debug for the stack trace.\n',
    );
    return 1;
  }
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** A repeatable, comma-separated option: `--scorer a,b --scorer c` gives [a, b, c]. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, ...list(value)];
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number > 0');
  return n;
}

function unitInterval(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) {
    throw new InvalidArgumentError('expected a number from 0 to 1');
  }
  return n;
}
