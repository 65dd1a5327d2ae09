import { describe, expect, it } from 'vitest';
import { findRefusal } from './refusal.js';

describe('findRefusal', () => {
  it.each([
    [
      "I'm sorry, but I can't summarize this article.",
      "I'm sorry, but I can't summarize this article",
    ],
    ['I’m sorry, but I can’t help with that.', 'I’m sorry, but I can’t help with that'],
    [
      'As an AI language model, I cannot access URLs.',
      'As an AI language model, I cannot access URLs',
    ],
    ['As an AI, I do not have opinions.', 'As an AI, I do not have opinions'],
    ['I cannot summarize this content.', 'I cannot summarize this content'],
    ["I can't help with that.", "I can't help with that"],
    ['I am unable to provide a summary', 'I am unable to provide a summary'],
    [
      'Unfortunately, I cannot complete this request.',
      'Unfortunately, I cannot complete this request',
    ],
    ["I'd be happy to help, but the text is empty.", "I'd be happy to help, but the text is empty"],
    [
      'It seems the article text is missing. Could you paste it?',
      'It seems the article text is missing',
    ],
    [
      'Please provide the article you would like summarized.',
      'Please provide the article you would like summarized',
    ],
    [
      'There is no article included in your message.',
      'There is no article included in your message',
    ],
    ['> I apologize, but I cannot do that.', 'I apologize, but I cannot do that'],
  ])('finds a refusal in %j', (output, phrase) => {
    expect(findRefusal(output)).toBe(phrase);
  });

  it.each([
    'Here is a summary: the council approved the budget on Monday.',
    'Sure, here is a summary of the article:\n\nThe council approved the budget.',
    '"I cannot accept this," the minister said, rejecting the proposal on Friday.',
    'As an AI startup, Mistral raised €600 million in its latest round.',
    'As a research assistant, she catalogued 4,000 specimens.',
    'There is no evidence that the vaccine caused the illness, regulators said.',
    'Sorrow gripped the town after the mine closed.',
    'I-95 was closed for six hours after a crash.',
    '',
    '   ',
    '🙂 日本語の要約です。',
  ])('does not flag %j', (output) => {
    expect(findRefusal(output)).toBeNull();
  });

  it('shortens a long quoted phrase', () => {
    const phrase = findRefusal(`I'm sorry, but ${'really '.repeat(30)}no.`);
    expect(phrase).toMatch(/^I'm sorry, but really .*…$/);
    expect([...(phrase ?? '')].length).toBe(81);
  });
});
