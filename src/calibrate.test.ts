import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALIBRATION_RUBRIC, loadCalibrationRubric, parseScorers } from './calibrate.js';
import { ConfigError } from './config/errors.js';

describe('parseScorers', () => {
  it('accepts the reference metrics and model ids, dropping repeats', () => {
    expect(parseScorers(['rouge-1', 'openai:gpt-5.4-mini', 'rouge-1', ' rouge-l '])).toEqual([
      { kind: 'metric', id: 'rouge-1' },
      {
        kind: 'judge',
        id: 'openai:gpt-5.4-mini',
        model: { id: 'openai:gpt-5.4-mini', provider: 'openai', model: 'gpt-5.4-mini' },
      },
      { kind: 'metric', id: 'rouge-l' },
    ]);
  });

  it.each([
    ['rouge1', /unknown scorer "rouge1"; did you mean "rouge-1"\?/],
    ['bleu', /unknown scorer "bleu"; use rouge-1, rouge-2, rouge-l or a model id/],
    ['opnai:gpt-5.4-mini', /unknown provider "opnai"; did you mean "openai"\?/],
    ['local:lead-3', /a local baseline cannot judge/],
  ])('rejects %s with a message that says what to write', (id, message) => {
    const error = (() => {
      try {
        parseScorers([id]);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^--scorer: /);
    expect((error as Error).message).toMatch(message);
  });

  it('needs at least one scorer', () => {
    expect(() => parseScorers([' '])).toThrow(/name at least one scorer/);
  });
});

describe('loadCalibrationRubric', () => {
  it('reads the shipped SummEval rubric: the four dimensions on 1 to 5', async () => {
    const rubric = await loadCalibrationRubric(DEFAULT_CALIBRATION_RUBRIC);
    expect(rubric.criteria.map((c) => [c.id, c.scale.min, c.scale.max])).toEqual([
      ['coherence', 1, 5],
      ['consistency', 1, 5],
      ['fluency', 1, 5],
      ['relevance', 1, 5],
    ]);
    for (const criterion of rubric.criteria) {
      expect(Object.keys(criterion.scale.anchors)).toEqual(['1', '2', '3', '4', '5']);
    }
  });

  it('refuses a rubric whose criteria name no expert dimension', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'evals-rubric-'));
    const file = path.join(dir, 'other.rubric.yaml');
    await writeFile(
      file,
      [
        'description: Grade it.',
        'criteria:',
        '  - id: faithfulness',
        '    question: Is it faithful?',
        '    scale: { min: 1, max: 5, anchors: { "1": bad, "5": good } }',
      ].join('\n'),
    );
    await expect(loadCalibrationRubric(file)).rejects.toThrow(
      /criteria: no criterion is named after an expert dimension/,
    );
  });
});
