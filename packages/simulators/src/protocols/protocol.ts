import type { WireProtocol } from '@llmux/catalog';
import type { Scenario } from '../scenario.js';

/** What the simulator understood of a request, whatever its wire format: enough to make a default answer. */
export interface NormalizedRequest {
  model: string;
  stream: boolean;
  /** The text of the last user turn. */
  lastUserText: string;
  /** Whether the last turn is a tool result (then the default answer is text, not another call). */
  lastTurnIsToolResult: boolean;
  tools: Array<{ name: string; parameters?: unknown }>;
  /** Tool choice forced to a named function, or 'required'/'none'/'auto'. */
  toolChoice?: string;
  wantsJson: boolean;
  choices: number;
  maxTokens?: number;
  hasImages: boolean;
  /** The JSON Schema of a requested structured output, when the protocol carries one (the default answer follows it). */
  responseSchema?: unknown;
  /** Size of the prompt (messages, system text, tools) for the usage estimate; default: the body's length. */
  promptCharacters?: number;
  /** Whether a streamed answer should end with usage (OpenAI's `stream_options.include_usage`). */
  streamUsage?: boolean;
  /** A token-counting request (Anthropic `count_tokens`): answered with the prompt's token count only. */
  countTokens?: boolean;
}

/** One SSE frame as the simulator writes it (already framed: `event: x\ndata: {...}\n\n`). */
export type SseFrame = string;

/** One wire protocol's half of the simulator: parse its requests, render scenarios in its format. */
export interface ProtocolSimulator {
  readonly protocol: WireProtocol;
  /** Whether this protocol serves `path` (the part after the provider prefix, query string removed). */
  matches(method: string, path: string): boolean;
  /** Reads what the request asks; throws a `SimulatorRequestError` for a body the real vendor rejects. */
  normalize(path: string, query: URLSearchParams, body: unknown): NormalizedRequest;
  renderResponse(scenario: Scenario, request: NormalizedRequest, ids: SimulatorIds): unknown;
  renderStream(scenario: Scenario, request: NormalizedRequest, ids: SimulatorIds): SseFrame[];
  /** The answer to a token-counting request (`NormalizedRequest.countTokens`), for protocols that have one. */
  renderTokenCount?(inputTokens: number): unknown;
  /** The vendor's mid-stream error event. */
  renderStreamError(message: string): SseFrame;
  /** The vendor's HTTP error body for a status. */
  renderError(status: number, message: string): unknown;
  /**
   * Extra headers the real vendor sends (e.g. `request-id`). The core already sets `content-type`
   * (`application/json` or `text/event-stream`); a protocol may override it.
   */
  responseHeaders?(stream: boolean, ids: SimulatorIds): Record<string, string>;
}

/**
 * Deterministic ids and clock for one response, so recorded tests are stable. The ids carry no vendor
 * prefix (`sim0001`): each protocol adds its own (`chatcmpl-`, `msg_`, `call_`, `toolu_`).
 */
export interface SimulatorIds {
  /** Unique per response within one simulator (a counter, not random). */
  responseId: string;
  /** Unix seconds. */
  created: number;
  /** Unique per response and index; a protocol rendering several choices passes a running index. */
  toolCallId(index: number): string;
}

/** A request the real vendor would refuse with a 400. */
export class SimulatorRequestError extends Error {
  constructor(
    message: string,
    readonly status = 400,
    /** The vendor's exact error body, when `renderError(status, message)` would say less (a `param`, a `code`). */
    readonly body?: unknown,
  ) {
    super(message);
  }
}

/** A JSON object (not null, not an array): what every protocol checks request bodies and parts with. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The text of a message's content: the string itself, or its parts of type `partType` joined
 * (`text` in Chat Completions and Anthropic, `input_text` in the Responses API).
 */
export function textOf(content: unknown, partType = 'text'): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter(isRecord)
    .map((part) => (part.type === partType && typeof part.text === 'string' ? part.text : ''))
    .join('');
}
