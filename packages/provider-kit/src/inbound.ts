import type { ChatCompletion, ChatCompletionRequest, CompletionUsage } from '@llmux/contract';
import type { SseEvent } from '@llmux/sse';
import type { Protocol, TranslationWarning, UpstreamRequest, UpstreamTarget } from './adapter.js';
import type { AnswerEvent } from './answer-events.js';
import type { SupportField } from './parameter-support.js';
import type { HeadersLike } from './upstream-errors.js';

/**
 * One protocol's wire format as the gateway serves it to clients: how a request is read, how its answer,
 * stream and errors are written, where the client's key is. Pure, like the adapters: no I/O inside, ids and
 * the clock passed in. Each protocol package exports one (`anthropicInbound` in @llmux/provider-anthropic).
 *
 * Two routes use it. **Relay**: the model's upstream speaks this same protocol, and `relay` forwards the
 * client's body with only the model id and credentials changed. **Translate**: the request becomes the hub
 * form (`toHubRequest`), any adapter serves it, and the answer comes back as block events (`AnswerEvent`)
 * that this surface encodes.
 */
export interface InboundSurface<Request = unknown> {
  readonly protocol: Protocol;
  /** How this protocol's answer ids begin (`msg_` for Anthropic); the gateway makes the rest. */
  readonly answerIdPrefix: string;
  /** How a 401 tells the client to send its key (`"x-api-key: <key>" or "Authorization: Bearer <key>"`). */
  readonly credentialHint: string;
  /** The gateway key the client presented, from the protocol's own credential header(s). */
  readCredential(headers: HeadersLike, query: URLSearchParams): string | undefined;
  /**
   * Validates a parsed JSON body, with where it arrived (Gemini names the model and operation in the URL).
   * Throws a ProviderError (400, naming the field in this protocol's notation) when it is invalid.
   */
  parseRequest(body: unknown, location?: InboundLocation): ParsedInboundRequest<Request>;
  /**
   * The request in the hub form every adapter takes. Fields translated or dropped on purpose come back as
   * warnings; a field no adapter could honour throws a ProviderError (400, `param` in this protocol's notation).
   */
  toHubRequest(request: Request, model: InboundModel): HubRequest;
  /** A whole answer, in this protocol's shape, as the JSON text to send. */
  encodeResponse(answer: ChatCompletion, context: InboundContext<Request>): string;
  /** Encodes one streamed answer: block events in, this protocol's SSE text out. */
  createStreamEncoder(context: InboundContext<Request>): InboundStreamEncoder;
  /** Any error, in this protocol's envelope and status (401, 404, 429, 529, ...). */
  encodeError(error: InboundErrorInit): EncodedError;
  /** Present when this surface can relay natively to an upstream of its own protocol. */
  readonly relay?: NativeRelay<Request>;
  /**
   * A hub parameter name, as the parameter check and the adapters name it in errors (`stop`,
   * `tools.0.function.parameters`), in this protocol's notation (`stop_sequences`, `tools`). Absent: unchanged.
   */
  inboundParam?(hubParam: string): string;
  /**
   * Which of this protocol's request fields ask for each hub field (`stop` ← `stop_sequences`), for the support
   * matrix's column of this protocol; a hub field absent here has no way to be asked for in this protocol.
   */
  readonly hubFields: Readonly<Partial<Record<SupportField, string>>>;
  /**
   * Hub fields this protocol's clients send on every request whatever the model (gemini-cli: `temperature: 1`,
   * `topP: 0.95`): where the model refuses one, the gateway drops it with a warning instead of a 400, since the
   * user never chose it and a 400 would make the model unusable from that client. Absent: none.
   */
  readonly clientDefaultFields?: readonly SupportField[];
  /** The protocol's token-counting operation, for models whose upstream cannot be asked (an estimate). */
  readonly countTokens?: InboundTokenCounter;
  /** The protocol's own model listing (Gemini's `GET /v1beta/models`), for protocols whose clients read one. */
  readonly models?: InboundModelLister;
}

/** What a protocol's model listing shows of one catalog model. */
export interface InboundModelCard {
  /** The catalog id. */
  id: string;
  displayName: string;
  contextWindow: number;
  maxOutputTokens: number;
  reasoning: boolean;
}

export interface InboundModelLister {
  /** The JSON text of the list. */
  encodeList(models: readonly InboundModelCard[]): string;
  /** The JSON text of one model. */
  encodeOne(model: InboundModelCard): string;
}

/** Where a request arrived: its path, the route's path parameters (`{model}`) and the query string. */
export interface InboundLocation {
  path: string;
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
}

/** What the client asked of the model: an answer, or only the count of its prompt's tokens. */
export type InboundOperation = 'generate' | 'count-tokens';

/** Counting a request's input tokens without an answer (Anthropic `count_tokens`, Gemini `countTokens`). */
export interface InboundTokenCounter<Request = unknown> {
  /** Validates the body (throws a 400 naming the field). */
  parseRequest(body: unknown, location?: InboundLocation): { request: Request; model: string };
  /** The input tokens the request would take, estimated without the vendor's tokenizer. */
  estimate(request: Request): number;
  /** The answer's JSON text. */
  encode(inputTokens: number): string;
}

export interface ParsedInboundRequest<Request> {
  request: Request;
  /** The model id as the client asked for it. */
  model: string;
  stream: boolean;
  /** A stream's content-type when it is not `text/event-stream` (Gemini's JSON-array stream: `application/json`). */
  streamContentType?: string;
}

/** What the surface needs to know about the model it translates for (the catalog's view). */
export interface InboundModel {
  /** The catalog id. */
  id: string;
  /** The protocol the model's upstream speaks. */
  upstreamProtocol: Protocol;
  reasoning: boolean;
  /** The reasoning_effort values the upstream accepts, or null when it has no such knob. */
  reasoningEffort: readonly string[] | null;
  /** The model's output limit: a client's larger max_tokens is clamped to it (with a warning). */
  maxOutputTokens?: number;
}

export interface HubRequest {
  request: ChatCompletionRequest;
  warnings: TranslationWarning[];
}

export interface InboundContext<Request = unknown> {
  /** The id of the answer (`msg_…`), made by the gateway. */
  responseId: string;
  /** Unix seconds. */
  created: number;
  /** The model id the client asked for: answers carry it. */
  publicModel: string;
  request: Request;
}

export interface InboundStreamEncoder {
  /** The SSE text for one event (often one SSE event, possibly ''). */
  push(event: AnswerEvent): string;
  /** The answer ended normally (after its `finish` event): the closing text. */
  finish(): string;
  /** The answer failed after the stream started: the protocol's mid-stream error text. */
  fail(error: InboundErrorInit): string;
}

/** An error as the gateway knows it, in OpenAI's vocabulary (the gateway's own), before a surface maps it. */
export interface InboundErrorInit {
  status: number;
  /** OpenAI-style type (`invalid_request_error`, `authentication_error`, `rate_limit_error`, ...). */
  type: string;
  message: string;
  code?: string | null;
  param?: string | null;
}

export interface EncodedError {
  status: number;
  /** The JSON text of the body. */
  body: string;
}

/**
 * The native route: the client's body goes to an upstream of the same protocol with only the model id and
 * credentials changed; every other field and every event is kept. Usage is read on the way, for accounting.
 */
export interface NativeRelay<Request = unknown> {
  /** The upstream request for one attempt. `clientHeaders` supply protocol headers to keep (versions, betas). */
  request(
    request: Request,
    target: UpstreamTarget,
    clientHeaders: HeadersLike,
    options: { stream: boolean; operation: InboundOperation },
  ): UpstreamRequest;
  /** A whole answer's text: the model id rewritten to the public one, the usage it reports. */
  response(text: string, publicModel: string): RelayedText;
  /** A streamed answer, event by event (the request says how the client wants it framed, where that varies). */
  stream(publicModel: string, request?: Request): NativeStreamRelay;
}

export interface RelayedText {
  text: string;
  usage: CompletionUsage | undefined;
}

export interface NativeStreamRelay {
  /**
   * One upstream event; returns the SSE text to send (the event re-encoded, its model id rewritten where it
   * names one). Throws a ProviderError for an upstream error event seen before any output was committed.
   */
  push(event: SseEvent): string;
  /** The upstream ended: throws a ProviderError when it ended before the protocol's terminal event. */
  finish(): string;
  /** The answer failed after the stream started: the protocol's mid-stream error, in the stream's framing. */
  fail(error: InboundErrorInit): string;
  readonly usage: CompletionUsage | undefined;
}
