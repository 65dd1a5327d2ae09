import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, tempDir } from '../helpers/cli.js';

const RUBRIC = path.join(REPO_ROOT, 'evals', 'summarize.rubric.yaml');
const FIXTURES = path.join(REPO_ROOT, 'fixtures', 'wikinews.jsonl');

function spec(overrides: { models?: string; template?: string; fixtures?: string } = {}) {
  return [
    'name: broken',
    `fixtures: ${overrides.fixtures ?? FIXTURES}`,
    'prompt:',
    `  template: "${overrides.template ?? 'Summarize: {{body}}'}"`,
    `rubric: ${RUBRIC}`,
    'models:',
    `  - id: ${overrides.models ?? 'local:lead-3'}`,
    '',
  ].join('\n');
}

// Bad input stops the run before anything is spent, with exit 2 and one clear message.
describe('bad input exits 2 with a message naming the file and the place', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir();
    await mkdir(path.join(dir, 'out'));
  });

  async function run(file: string, text: string) {
    const specPath = path.join(dir, file);
    await writeFile(specPath, text);
    return runCli(['run', specPath, '--out', path.join(dir, 'out')], { cwd: dir });
  }

  it('an unknown provider names the key path and suggests the right one', async () => {
    const result = await run('unknown-provider.yaml', spec({ models: 'opnai:gpt-5.4-mini' }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown-provider.yaml:7: models[0].id:');
    expect(result.stderr).toContain('unknown provider "opnai"; did you mean "openai"?');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a template variable the fixtures lack names the variable and the article', async () => {
    const result = await run('missing-var.yaml', spec({ template: '{{title}} {{author}}' }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing-var.yaml');
    expect(result.stderr).toContain('{{author}}');
    expect(result.stderr).toContain('"wikinews-e8d671d30811"');
  });

  it('malformed YAML names the line', async () => {
    const result = await run('malformed.yaml', 'name: x\nmodels: [local:lead-3\nrubric: r\n');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/malformed\.yaml:\d+: invalid YAML/);
  });

  it('a fixture set with a duplicate id names the id and both lines', async () => {
    const fixtures = path.join(dir, 'dupes.jsonl');
    await writeFile(
      fixtures,
      [
        '{"id": "a", "body": "One."}',
        '{"id": "b", "body": "Two."}',
        '{"id": "a", "body": "Three."}',
      ].join('\n'),
    );
    const result = await run('dupes.yaml', spec({ fixtures }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('dupes.jsonl');
    expect(result.stderr).toMatch(/"a"/);
    expect(result.stderr).toMatch(/line 3/);
    expect(result.stderr).toMatch(/line 1/);
  });

  it('an unknown key in the spec names it', async () => {
    const result = await run('typo.yaml', `${spec()}modles: []\n`);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('typo.yaml:8: modles: unknown key "modles"');
  });
});
