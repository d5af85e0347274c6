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
}

/** One SSE frame as the simulator writes it (already framed: `event: x\ndata: {...}\n\n`). */
export type SseFrame = string;

/** One wire protocol's half of the simulator: parse its requests, render scenarios in its format. */
export interface ProtocolSimulator {
  readonly protocol: 'openai-chat' | 'openai-responses' | 'anthropic-messages' | 'gemini';
  /** Whether this protocol serves `path` (the part after the provider prefix, query string removed). */
  matches(method: string, path: string): boolean;
  /** Reads what the request asks; throws a `SimulatorRequestError` for a body the real vendor rejects. */
  normalize(path: string, query: URLSearchParams, body: unknown): NormalizedRequest;
  renderResponse(scenario: Scenario, request: NormalizedRequest, ids: SimulatorIds): unknown;
  renderStream(scenario: Scenario, request: NormalizedRequest, ids: SimulatorIds): SseFrame[];
  /** The vendor's mid-stream error event. */
  renderStreamError(message: string): SseFrame;
  /** The vendor's HTTP error body for a status. */
  renderError(status: number, message: string): unknown;
  /** Extra headers the real vendor sends (e.g. `request-id`), and the streaming content type. */
  responseHeaders?(stream: boolean): Record<string, string>;
}

/** Deterministic ids and clock for one response, so recorded tests are stable. */
export interface SimulatorIds {
  responseId: string;
  /** Unix seconds. */
  created: number;
  toolCallId(index: number): string;
}

/** A request the real vendor would refuse with a 400. */
export class SimulatorRequestError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}
