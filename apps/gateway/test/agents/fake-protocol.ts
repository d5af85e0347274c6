import type { TurnStep } from './agent-turn.js';

/** What a fake protocol sees of a request (the server has already read and decoded the body). */
export interface FakeRequest {
  method: string;
  /** Without the query string. */
  path: string;
  query: URLSearchParams;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: unknown;
}

export interface FakeAnswer {
  status: number;
  headers: Record<string, string>;
  /** A whole body (JSON text), or… */
  body?: string;
  /** …SSE frames, each already framed (`event: …\ndata: …\n\n`), written one by one. */
  frames?: string[];
  /** A short name for the fixture file: `messages-tool-call`, `count-tokens`, … */
  label: string;
  /** Which part of the scripted turn this request was, when it was one. */
  step?: TurnStep;
}

/** One inbound protocol the fake speaks: it answers the paths it knows and leaves the rest. */
export interface FakeProtocol {
  readonly name: 'anthropic' | 'responses' | 'gemini';
  handle(request: FakeRequest, ids: FakeIds): FakeAnswer | undefined;
}

/** Deterministic ids, so recorded answers are stable from run to run. */
export interface FakeIds {
  next(prefix: string): string;
}

export function jsonAnswer(status: number, value: unknown, label: string, step?: TurnStep): FakeAnswer {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(value),
    label,
    step,
  };
}

export function sseAnswer(frames: string[], label: string, step?: TurnStep): FakeAnswer {
  return {
    status: 200,
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' },
    frames,
    label,
    step,
  };
}

/** Splits a string into pieces of `size` characters, the way vendors stream text and arguments. */
export function splitIntoDeltas(text: string, size = 12): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += size) pieces.push(text.slice(start, start + size));
  return pieces.length > 0 ? pieces : [''];
}

/** A rough token count (four characters a token), enough for the usage fields agents read. */
export function estimateTokens(value: unknown): number {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
  return Math.max(1, Math.ceil(text.length / 4));
}
