/**
 * The one request every client sends, and the names and keys the loopback servers accept. The
 * servers answer with the first 40 words of the article, so a streamed reply is 14 chunks.
 */

export type ProviderName = 'openai' | 'anthropic' | 'bedrock' | 'ollama';

export const PROVIDER_NAMES: readonly ProviderName[] = ['openai', 'anthropic', 'bedrock', 'ollama'];

export const MODELS: Record<ProviderName, string> = {
  openai: 'gpt-test',
  anthropic: 'claude-haiku-4-5',
  bedrock: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
  // The Ollama server answers only for models it lists as pulled.
  ollama: 'qwen3:8b',
};

/** The servers run without authentication; the clients still send a key, as they would. */
export const API_KEY = 'bench-key';
export const BEDROCK_REGION = 'us-east-1';
export const MAX_OUTPUT_TOKENS = 256;

export const SYSTEM_PROMPT = 'You summarize news articles in two sentences.';

const ARTICLE = [
  'Officials said on Tuesday that a gas explosion brought down a four-storey residential',
  'building in the old town shortly after dawn, injuring eleven people and forcing the',
  'evacuation of two neighbouring blocks. Firefighters searched the rubble for several hours',
  'with dogs and thermal cameras, and the city opened a school gym as a shelter for the',
  'families who lost their homes. An inquiry into the gas network is expected next week.',
].join(' ');

export const USER_MESSAGE = `Summarize this article.\n\n${ARTICLE}`;
