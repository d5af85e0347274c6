import type { ChatCompletionRequest, CompletionUsage, FinishReason } from '@llmux/contract';
import { createSseDecoder, type SseEvent } from '@llmux/sse';
import type { OpenAIErrorType } from '../provider-error.js';

/** A fixture the vendor cannot produce, with the reason (`'OpenAI chat returns no reasoning text'`). */
export interface NotApplicable {
  notApplicable: string;
}

/**
 * A vendor stream: the raw SSE text as the vendor sent it (`event: …\ndata: …\n\n`), or its events. For
 * `.chunks.txt` recordings (one JSON payload per line, framing removed) use `readChunksFile`.
 */
export type StreamFixture = string | readonly SseEvent[];

/** What the translated answer must say (choice 0 unless `choices` is given). */
export interface ExpectedAnswer {
  /** The text; null (or omitted) when the answer is only tool calls. */
  content?: string | null;
  reasoning?: string;
  toolCalls?: Array<{ name: string; arguments: string }>;
  finishReason: FinishReason;
  /** Compared with `toMatchObject`, so give only what the recording shows (cached, reasoning tokens…). */
  usage?: Partial<Omit<CompletionUsage, 'prompt_tokens_details' | 'completion_tokens_details'>> & {
    prompt_tokens_details?: Partial<NonNullable<CompletionUsage['prompt_tokens_details']>>;
    completion_tokens_details?: Partial<NonNullable<CompletionUsage['completion_tokens_details']>>;
  };
  /** The number of choices, when not 1. */
  choices?: number;
}

/** One vendor answer, whole and/or streamed, and what it must translate to. */
export interface ResponseCase {
  /** The client request it answers (merged over the suite's base request), e.g. `{ tools }`. */
  request?: Partial<ChatCompletionRequest>;
  whole?: { body: unknown; expected: ExpectedAnswer };
  stream?: { events: StreamFixture; expected: ExpectedAnswer };
  /**
   * Whether the whole and the streamed fixture are the same answer (then the accumulated stream must
   * equal the whole translation). Default true when both are given; false for separate recordings.
   */
  sameAnswer?: boolean;
}

/** The answers every adapter must show it translates. */
export const RESPONSE_KINDS = [
  'text',
  'toolCall',
  'parallelToolCalls',
  'toolCallArgumentsSplit',
  'toolCallNoArguments',
  'reasoning',
  'usageDetails',
  'finishLength',
  'finishContentFilter',
] as const;
export type ResponseKind = (typeof RESPONSE_KINDS)[number];

/** One vendor error answer and the `ProviderError` it must become. */
export interface ErrorCase {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /**
   * Defaults: status, type, retryable and failover from `mapUpstreamStatus(status)`; `retryAfterMs` when
   * the headers carry `retry-after`. Override what the vendor's body changes (a quota code, a RetryInfo).
   */
  expected?: Partial<{
    status: number;
    type: OpenAIErrorType;
    code: string | null;
    retryable: boolean;
    failover: boolean;
    retryAfterMs: number;
  }>;
}

export const ERROR_KINDS = [
  'badRequest',
  'unauthorized',
  'forbidden',
  'notFound',
  'rateLimited',
  'serverError',
  'overloaded',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/**
 * A stream that must fail with a ProviderError. `expected.code` defaults to `upstream_stream_incomplete`
 * for `truncatedStream` and `upstream_malformed_response` for `malformedStream` (no default for a
 * mid-stream error, whose code is the vendor's error's).
 */
export interface FailingStreamCase {
  request?: Partial<ChatCompletionRequest>;
  events: StreamFixture;
  expected?: Partial<{ status: number; retryable: boolean; code: string }>;
}

/** What the upstream body must contain for a request asking for one field. */
export interface RequestCase {
  /** Replaces the suite's sample request for the field (merged over the base request). */
  request?: Partial<ChatCompletionRequest>;
  /**
   * Compared with `toMatchObject`. When absent, the upstream body is compared with a snapshot
   * (`toMatchSnapshot`), stored beside the adapter's conformance test.
   */
  expectedBody?: Record<string, unknown>;
}

export interface ConformanceFixtures {
  /** Per request field (`SUPPORT_FIELDS`), the upstream body expected; fields left out are snapshotted. */
  requests?: Partial<Record<string, RequestCase>>;
  responses: Record<ResponseKind, ResponseCase | NotApplicable> &
    Record<string, ResponseCase | NotApplicable>;
  errors: Record<ErrorKind, ErrorCase | NotApplicable> & Record<string, ErrorCase | NotApplicable>;
  /** The vendor's error event after some events of a 200 stream. */
  midStreamError: FailingStreamCase | NotApplicable;
  /** A stream cut before the vendor's terminal event: `finish()` must throw. */
  truncatedStream: FailingStreamCase;
  /**
   * A stream with an event that is not JSON: push() or finish() must throw a ProviderError. Default: the
   * `text` response's stream with `data: {not json` inserted after its first event.
   */
  malformedStream?: FailingStreamCase;
}

export function isNotApplicable(value: unknown): value is NotApplicable {
  return typeof value === 'object' && value !== null && 'notApplicable' in value;
}

/** Events from a stream fixture (SSE text decoded as a client would, incomplete last event dropped). */
export function readStreamFixture(fixture: StreamFixture): SseEvent[] {
  if (typeof fixture !== 'string') return [...fixture];
  const events: SseEvent[] = [];
  const decoder = createSseDecoder({ onEvent: (event) => events.push(event) });
  decoder.push(fixture);
  decoder.end();
  return events;
}

/**
 * Events from a `.chunks.txt` recording (one JSON payload per line, SSE framing removed, as in the
 * Vercel AI SDK's fixtures). `eventName` restores the `event:` field where the vendor names events
 * (Anthropic: from each payload's `type`); `done` appends OpenAI's `data: [DONE]`.
 */
export function readChunksFile(
  text: string,
  options: { eventName?: (payload: unknown) => string | undefined; done?: boolean } = {},
): SseEvent[] {
  const events: SseEvent[] = text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const event = options.eventName?.(JSON.parse(line));
      return event === undefined ? { data: line } : { event, data: line };
    });
  if (options.done) events.push({ data: '[DONE]' });
  return events;
}
