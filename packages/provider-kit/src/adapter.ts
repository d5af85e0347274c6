import type { WireProtocol } from '@llmux/catalog';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  CompletionUsage,
} from '@llmux/contract';
import type { SseEvent } from '@llmux/sse';
import type { ParameterSupport } from './parameter-support.js';
import type { ProviderError } from './provider-error.js';

/**
 * Version of the adapter interface below. Bumped on any breaking change, so the gateway can refuse an
 * adapter package built against another version with a clear message instead of failing at run time.
 */
export const ADAPTER_INTERFACE_VERSION = 1 as const;

/** The wire protocols llmux speaks upstream: the catalog's list (`WIRE_PROTOCOLS`), the one list there is. */
export type Protocol = WireProtocol;

/** What a model can do, as the catalog records it (a structural copy, so adapters need not import the catalog). */
export interface ModelCapabilities {
  tools: boolean;
  vision: boolean;
  jsonMode: boolean;
  jsonSchema: boolean;
  reasoning: boolean;
  nativeN: boolean;
  penalties: boolean;
  stop: boolean;
  seed: boolean;
  logprobs: boolean;
  logitBias: boolean;
  /** null: the model accepts only its default temperature. */
  temperature: { min: number; max: number } | null;
  topP: boolean;
  parallelToolCalls: boolean;
  toolChoiceRequired: boolean;
  /** The reasoning_effort values the upstream accepts, or null when it has no such knob. */
  reasoningEffort: readonly string[] | null;
  streamUsage: boolean;
}

/** Where and as what one request goes upstream. Built by the gateway from the catalog, its config and env. */
export interface UpstreamTarget {
  /** The id the client asked for (`gpt-4-1`); answers carry it in their `model` field. */
  publicModel: string;
  /** The id the vendor knows (`gpt-4.1`). */
  upstreamModel: string;
  /** Base URL in the vendor SDK's own convention (OpenAI's includes `/v1`, Anthropic's does not). */
  baseUrl: string;
  apiKey: string;
  capabilities: ModelCapabilities;
  /** The model's output limit, for vendors that require max_tokens (Anthropic). */
  maxOutputTokens: number;
  /** Vendor options from the catalog endpoint or the operator's config (e.g. `{ reasoningEffort: 'high' }`). */
  options?: Readonly<Record<string, unknown>>;
}

/** A parameter the adapter rewrote, emulated or dropped on purpose, reported to the client as data. */
export interface TranslationWarning {
  /** The request field, in OpenAI's notation (`temperature`, `messages[2].content[1]`). */
  param: string;
  /** `deprecated`: served as asked, but going away (a model its vendor retired or will retire). */
  action: 'translated' | 'emulated' | 'dropped' | 'clamped' | 'deprecated';
  message: string;
}

export interface UpstreamRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  /** The JSON body, as a plain value: the gateway serialises it once. */
  body: Record<string, unknown>;
  /**
   * Whether the upstream will answer with SSE: exactly when the client asked for `stream: true` (callAdapter
   * and the gateway pick the response reader by it; the conformance suite checks it).
   */
  stream: boolean;
}

export interface UpstreamCall {
  request: UpstreamRequest;
  warnings: TranslationWarning[];
  /**
   * Set when the upstream's answers already meet the contract (OpenAI's own API): the gateway may forward
   * their text through this relay instead of translating them into objects and serialising them again.
   * Optional for the caller: `fromResponse` and `createStreamTranslator` still give the same answer.
   */
  relay?: AnswerRelay;
}

/** What a relayed whole answer turned into: the body to send, and the usage it reported (for records). */
export interface RelayedAnswer {
  text: string;
  usage: CompletionUsage | undefined;
}

/**
 * Forwards the text of answers that already meet the contract, rewriting only the `model` field to the
 * public id. Anything the relay cannot vouch for (an event of another shape) it translates instead, so what
 * it returns always meets the contract. Throws the same ProviderErrors as the adapter's translators.
 */
export interface AnswerRelay {
  /** A whole answer's body text. */
  response(text: string, context: ResponseContext): RelayedAnswer;
  stream(context: ResponseContext): StreamRelay;
}

/**
 * A stream relay: SSE events in, SSE text out (`data: …` events; never `[DONE]`, which the caller writes).
 * The usage chunk goes out only when the client asked for `stream_options.include_usage`.
 */
export interface StreamRelay {
  /** One upstream event; returns the text to send for it (often one event, possibly ''). */
  push(event: SseEvent): string;
  /** The upstream ended: the last text. Throws a ProviderError when the stream was cut before its end. */
  finish(): string;
  /** The usage the upstream reported, once its usage event went by. */
  readonly usage: CompletionUsage | undefined;
}

/**
 * Everything a response translation needs that is not in the upstream bytes. Ids and the clock are
 * passed in, so translation stays pure and testable.
 */
export interface ResponseContext {
  /** The id of the completion we answer with (`chatcmpl-…`), stable across every chunk of a stream. */
  completionId: string;
  /** Unix seconds. */
  created: number;
  publicModel: string;
  /** The client's request, as validated by the contract. */
  request: ChatCompletionRequest;
  /** Makes an id for tool calls a vendor leaves without one. Deterministic in tests. */
  generateToolCallId: () => string;
}

/**
 * A push-based, synchronous translator of one upstream stream: SSE events in, OpenAI chunks out.
 * Synchronous on purpose: the gateway drives it from a socket's 'data' listener with no async
 * generator or Web stream per request (each of those costs ~100 µs per stream, see PERFORMANCE.md).
 */
export interface StreamTranslator {
  /** Translate one upstream event. Throws a ProviderError on an upstream error event or a malformed event. */
  push(event: SseEvent): ChatCompletionChunk[];
  /**
   * The upstream stream ended. Returns the last chunks (the usage chunk, when usage is known, comes last and
   * always: the gateway removes it when the client did not ask for `stream_options.include_usage`).
   * Throws a ProviderError when the stream ended before the vendor's terminal event (a cut stream must
   * never look like a finished answer).
   */
  finish(): ChatCompletionChunk[];
}

/** Pure translation between OpenAI's Chat Completions and one vendor's wire protocol. No I/O inside. */
export interface ProviderAdapter {
  readonly interfaceVersion: typeof ADAPTER_INTERFACE_VERSION;
  readonly protocol: Protocol;
  /** A short name for logs and metrics (`anthropic`, `deepseek`). */
  readonly name: string;
  /**
   * How this adapter handles each request field for a model with these capabilities: pass, translate,
   * emulate (the gateway or the adapter fakes it) or reject (400 naming the parameter).
   */
  parameterSupport(capabilities: ModelCapabilities): ParameterSupport;
  /** Throws a ProviderError (status 400, `param` set) for a request the vendor cannot serve. */
  toUpstream(request: ChatCompletionRequest, target: UpstreamTarget): UpstreamCall;
  fromResponse(body: unknown, context: ResponseContext): ChatCompletion;
  createStreamTranslator(context: ResponseContext): StreamTranslator;
  /** Async-iterable convenience over createStreamTranslator (see `translateStream`). */
  fromStream(events: AsyncIterable<SseEvent>, context: ResponseContext): AsyncIterable<ChatCompletionChunk>;
  fromError(
    status: number,
    body: unknown,
    headers: Headers | Record<string, string | string[] | undefined>,
  ): ProviderError;
}
