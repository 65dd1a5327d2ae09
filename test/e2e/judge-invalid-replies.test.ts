/**
 * Judge replies that are not a valid verdict, through each provider's real adapter and SDK: a
 * reply that is not JSON, a score off the scale, a missing criterion, a fractional score. The
 * judge asks again up to `maxAttempts`; a reply that never validates is never a score.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectedCostUsd,
  GOOD,
  GOOD_OVERALL,
  good,
  isolateAwsFiles,
  type JudgeReply,
  judge,
  PROVIDERS,
  wireText,
  words,
} from '../helpers/judge-harness.js';

let restoreAws: () => Promise<void>;
beforeAll(async () => {
  restoreAws = await isolateAwsFiles();
});
afterAll(async () => {
  await restoreAws();
});

const INVALID: Array<{ problem: string; reply: JudgeReply; reason: RegExp }> = [
  {
    problem: 'a reply that is not JSON',
    reply: { text: 'I would give this summary a 4 on every criterion.' },
    reason: /^reply is not JSON: I would give this summary/,
  },
  {
    problem: 'a score off the scale',
    reply: { json: { rationale: 'Excellent.', scores: { ...GOOD, faithfulness: 9 } } },
    reason: /^invalid verdict at scores\.faithfulness: .*5/,
  },
  {
    problem: 'a missing criterion',
    reply: {
      json: { rationale: 'Fine.', scores: { faithfulness: 5, coverage: 4, concision: 4 } },
    },
    reason: /^invalid verdict at scores\.fluency: /,
  },
  {
    problem: 'a fractional score',
    reply: { json: { rationale: 'Fine.', scores: { ...GOOD, coverage: 3.5 } } },
    reason: /^invalid verdict at scores\.coverage: /,
  },
];

const cases = PROVIDERS.flatMap((pc) => INVALID.map((invalid) => ({ ...invalid, pc })));

describe.each(cases)('$pc.name: $problem', ({ pc, reply, reason }) => {
  it('is asked again, and the second, valid reply is scored with both calls paid for', async () => {
    const live = await pc.start({ script: (call) => (call === 1 ? reply : good) });
    try {
      const result = await judge({ judges: [{ model: pc.model, live }], maxAttempts: 2 });

      const bodies = live.bodies();
      expect(bodies).toHaveLength(2);
      expect(pc.promptSent(bodies[1])).toEqual(pc.promptSent(bodies[0]));

      const verdict = result.verdicts[0];
      if (!verdict) throw new Error('no verdict');
      expect(verdict).toMatchObject({
        status: 'scored',
        unscoredReason: null,
        scores: GOOD,
        overall: GOOD_OVERALL,
        rationale: 'Faithful and short.',
        rawReply: wireText(good),
        attempts: 2,
      });

      const promptTokens = words(verdict.prompt.system) + words(verdict.prompt.user);
      const outputTokens = words(wireText(reply)) + words(wireText(good));
      expect(verdict.inputTokens).toBe(2 * promptTokens);
      expect(verdict.outputTokens).toBe(outputTokens);
      const costUsd = expectedCostUsd(pc.price, 2 * promptTokens, outputTokens);
      expect(verdict.costUsd).toBeCloseTo(costUsd, 12);
      if (pc.name !== 'ollama') {
        // Both calls, not just the one that was scored.
        const secondOnly = expectedCostUsd(pc.price, promptTokens, words(wireText(good)));
        expect(verdict.costUsd).toBeGreaterThan(secondOnly);
      }
      expect(result).toMatchObject({ status: 'scored', overall: GOOD_OVERALL });
      expect(result.costUsd).toBe(verdict.costUsd);
    } finally {
      await live.close();
    }
  });

  it('is unscored, never scored, when every attempt is invalid', async () => {
    const live = await pc.start({ script: () => reply });
    try {
      const result = await judge({ judges: [{ model: pc.model, live }], maxAttempts: 2 });

      expect(live.bodies()).toHaveLength(2);
      const verdict = result.verdicts[0];
      if (!verdict) throw new Error('no verdict');
      expect(verdict).toMatchObject({
        status: 'unscored',
        scores: {},
        overall: null,
        rationale: null,
        rawReply: wireText(reply),
        attempts: 2,
      });
      expect(verdict.unscoredReason).toMatch(reason);
      expect(verdict.unscoredReason).toMatch(/\(after 2 attempts\)$/);

      const promptTokens = words(verdict.prompt.system) + words(verdict.prompt.user);
      const costUsd = expectedCostUsd(pc.price, 2 * promptTokens, 2 * words(wireText(reply)));
      expect(verdict.costUsd).toBeCloseTo(costUsd, 12);

      expect(result).toMatchObject({ status: 'unscored', overall: null, criteria: {} });
      expect(result.costUsd).toBe(verdict.costUsd);
    } finally {
      await live.close();
    }
  });
});
