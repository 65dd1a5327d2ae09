/**
 * The `local` provider: extractive baselines with no model behind them. They cost nothing,
 * answer in about a millisecond and set the floor a model has to beat to be worth paying for.
 *
 * - `lead-N`: the first N sentences of the article, the classic news baseline.
 * - `textrank`, `textrank-N`: the N (default 3) most central sentences by TextRank, in order.
 *
 * They read the article from `request.document` and ignore the prompt.
 */
import { ProviderError } from './errors.js';
import { splitSentences } from './local/sentences.js';
import { textRank } from './local/textrank.js';
import {
  type CallOptions,
  type CompletionRequest,
  type CompletionResult,
  type CredentialStatus,
  emptyUsage,
  type ProbeResult,
  type Provider,
} from './types.js';

/** The model name forms the local provider accepts; N is a whole number of sentences, 1 or more. */
export const LOCAL_MODEL_NAMES = ['lead-N', 'textrank', 'textrank-N'] as const;

const TEXTRANK_DEFAULT_SENTENCES = 3;

export interface LocalModel {
  method: 'lead' | 'textrank';
  sentences: number;
}

/** Reads a local model name (`lead-3`, `textrank`, `textrank-5`); null when it is not one. */
export function parseLocalModel(name: string): LocalModel | null {
  const lead = /^lead-([1-9]\d*)$/.exec(name);
  if (lead) return { method: 'lead', sentences: Number(lead[1]) };

  const textrank = /^textrank(?:-([1-9]\d*))?$/.exec(name);
  if (textrank) {
    const sentences = textrank[1] === undefined ? TEXTRANK_DEFAULT_SENTENCES : Number(textrank[1]);
    return { method: 'textrank', sentences };
  }
  return null;
}

/** Whether `name` (the part of a `local:` model id after the colon) is a local baseline. */
export function isKnownLocalModel(name: string): boolean {
  return parseLocalModel(name) !== null;
}

/** The extractive summary of `document`: its chosen sentences, joined by single spaces. */
export function summarizeExtractively(model: LocalModel, document: string): string {
  const sentences = splitSentences(document);
  const chosen =
    model.method === 'lead'
      ? sentences.slice(0, model.sentences)
      : textRank(sentences, model.sentences);
  return chosen.join(' ');
}

export class LocalProvider implements Provider {
  readonly name = 'local';

  credentials(): CredentialStatus {
    return { available: true, source: 'built in' };
  }

  async probe(model: string): Promise<ProbeResult> {
    return isKnownLocalModel(model)
      ? { ok: true, detail: 'built in' }
      : { ok: false, detail: `unknown local baseline "${model}"` };
  }

  async complete(request: CompletionRequest, options: CallOptions = {}): Promise<CompletionResult> {
    const fields = { provider: this.name, model: request.model };
    if (options.signal?.aborted) {
      throw new ProviderError({
        ...fields,
        kind: 'aborted',
        message: 'the call was aborted before it started',
        cause: options.signal.reason,
      });
    }

    const model = parseLocalModel(request.model);
    if (model === null) {
      throw new ProviderError({
        ...fields,
        kind: 'not_found',
        message:
          `unknown local model "${request.model}"; the local baselines are ` +
          `${LOCAL_MODEL_NAMES.join(', ')} (N sentences), e.g. local:lead-3 or local:textrank`,
      });
    }

    const document = request.document;
    if (document === undefined || document.trim() === '') {
      throw new ProviderError({
        ...fields,
        kind: 'invalid_request',
        message:
          `local:${request.model} needs the article text in the request's document: ` +
          'the local baselines summarise the article itself and ignore the prompt',
      });
    }

    const text = summarizeExtractively(model, document);
    if (request.stream && text !== '') options.onFirstToken?.();
    return {
      text,
      usage: emptyUsage(null),
      finishReason: 'stop',
      responseModel: request.model,
      warnings: [],
    };
  }
}
