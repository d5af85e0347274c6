import type { Exchange } from '../http-client.js';

/**
 * What the suite needs to know of one inbound protocol the gateway serves: how to ask, and how to read the
 * answer. A new inbound protocol (Anthropic `/v1/messages`, Responses, Gemini) is one more module like
 * `openai-chat.ts`, added to `INBOUND_PROTOCOLS`; every scenario then runs against it too.
 */
export interface InboundProtocol {
  /** `openai-chat`; printed in each figure's scenario column. */
  readonly name: string;
  readonly path: string;
  /** The model the suite asks for (served by the OpenAI deployments the suite configures). */
  readonly model: string;
  headers(apiKey: string): Record<string, string>;
  /** A request whose last user text is `text` (the upstream script reads its marker there). */
  requestBody(text: string, stream: boolean): string;
  /** What the client got, in the protocol's own terms. */
  readAnswer(exchange: Exchange, stream: boolean): Answer;
}

/**
 * - `complete`: a whole answer, properly terminated (its text in `text`);
 * - `error`: an error in the protocol's shape (an HTTP error body, or a mid-stream error event);
 * - `reset`: the connection failed (the client sees a network error: not silent, but not in shape);
 * - `truncated`: the answer ended cleanly but incomplete or corrupt — a silent truncation;
 * - `hung`: nothing ended it before the deadline.
 */
export type Outcome = 'complete' | 'error' | 'reset' | 'truncated' | 'hung';

export interface Answer {
  outcome: Outcome;
  text?: string;
  /** Why, for the report when an outcome breaks a promise. */
  note?: string;
}
