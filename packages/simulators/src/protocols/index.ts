import { anthropicSimulator } from './anthropic.js';
import { geminiSimulator } from './gemini.js';
import { openAIChatSimulator } from './openai-chat.js';
import { openAIResponsesSimulator } from './openai-responses.js';
import type { ProtocolSimulator } from './protocol.js';

/**
 * Every wire protocol the simulator speaks. A request is served by the first one whose `matches`
 * accepts its path (after the provider prefix). To add a protocol: write `src/protocols/<name>.ts`
 * implementing `ProtocolSimulator` and add it to this list.
 */
export const PROTOCOL_SIMULATORS: readonly ProtocolSimulator[] = [
  openAIChatSimulator,
  anthropicSimulator,
  geminiSimulator,
  openAIResponsesSimulator,
];
