/** `(?:a|b|c)`: one of the alternatives. */
const either = (...alternatives: string[]): string => `(?:${alternatives.join('|')})`;

/** A pattern for the start of a reply; a space in `source` stands for any run of whitespace. */
function opening(source: string): RegExp {
  return new RegExp(`^(?:${source.replaceAll(' ', '\\s+')})(?!\\w)`, 'i');
}

const UNFORTUNATELY = '(?:unfortunately,? )?';
const TASK_INPUT = either('article', 'text', 'content', 'document', 'input');
const SEEMS = 'it (?:seems|appears|looks)(?: like| that)?';
const I_CANNOT = either(
  'cannot',
  'can not',
  "can't",
  'could not',
  "couldn't",
  "won't",
  'will not',
  'must decline',
  'have to decline',
  'refuse',
);
const I_AM_NOT = either(
  'unable',
  'not able',
  'not going',
  'not comfortable',
  'not permitted',
  'not allowed',
);
const I_DO_NOT = either('feel comfortable', 'have access', `see (?:an?|any) ${TASK_INPUT}`);
const INPUT_IS = either('missing', 'empty', 'not', 'incomplete', 'cut off', 'truncated');
const YOU_DID_NOT = either("haven't", 'have not', "didn't", 'did not', 'forgot');

// Openings that mark a reply as a refusal or as a reply about the task instead of a summary. They
// are anchored at the start: a news summary does not open in the first person or by apologising.
// A polite preamble (`Sure, here is a summary:`) is not among them.
const REFUSAL_OPENINGS: readonly RegExp[] = [
  "i(?:'| a)m (?:so |very |really |truly )?sorry",
  either('sorry', 'my apologies', 'apologies'),
  'i (?:must |do )?apologi[sz]e',
  // `As an AI, I...` and `As an AI language model, ...`, but not `As an AI startup, ...`.
  'as an? (?:[a-z]+ ){0,2}?(?:ai|artificial intelligence)(?: (?:language )?(?:model|assistant))?,',
  'as an? (?:large )?language model',
  'as an? (?:helpful|virtual|digital) assistant',
  `${UNFORTUNATELY}i ${I_CANNOT}`,
  `${UNFORTUNATELY}i(?:'| a)m ${I_AM_NOT}`,
  `${UNFORTUNATELY}i (?:do not|don't) ${I_DO_NOT}`,
  "i(?: would|'d) (?:be )?(?:happy|glad) to help,? but",
  `unfortunately,? the (?:provided )?${TASK_INPUT}`,
  `(?:please )?(?:provide|share|paste) (?:me )?(?:the|an?|your) (?:[a-z]+ )?${TASK_INPUT}`,
  `(?:${SEEMS}|there (?:is|was)|there's) (?:no|not (?:an?|any)) ${TASK_INPUT}`,
  `${SEEMS} you ${YOU_DID_NOT}`,
  `${SEEMS} the (?:[a-z]+ )?${TASK_INPUT}(?: text)? (?:is|was) ${INPUT_IS}`,
].map(opening);

// Markdown a reply may open with (`**I'm sorry**`, `> As an AI`). Quotation marks are kept: a
// summary may open by quoting someone (`"I cannot accept this," the minister said`).
const LEADING_MARKUP = /^[\s*_#>~-]*/u;

const MAX_QUOTE_CHARS = 80;

/**
 * The opening phrase that makes the output a refusal or a meta-reply, quoted up to the end of
 * its clause, or null when the output reads as an answer.
 *
 * Shortcoming: only English openings are recognised, and a refusal after a preamble
 * (`Sure! Unfortunately I can't...`) passes.
 */
export function findRefusal(output: string): string | null {
  const start = LEADING_MARKUP.exec(output)?.[0].length ?? 0;
  // Curly apostrophes become straight ones, one character for one, so offsets still match.
  const head = output.slice(start, start + 400).replace(/[\u2018\u2019\u02bc]/gu, "'");

  const match = REFUSAL_OPENINGS.map((pattern) => pattern.exec(head)).find((m) => m !== null);
  if (!match) return null;

  const clauseEnd = head.slice(match[0].length).search(/[.!?:;\n]/u);
  const end = clauseEnd === -1 ? head.length : match[0].length + clauseEnd;
  const phrase = output.slice(start, start + end).trim();

  const chars = [...phrase];
  return chars.length > MAX_QUOTE_CHARS
    ? `${chars.slice(0, MAX_QUOTE_CHARS).join('').trimEnd()}…`
    : phrase;
}
