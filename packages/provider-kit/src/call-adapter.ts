import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from '@llmux/contract';
import { decodeSse, type SseEvent, SseEventTooLargeError } from '@llmux/sse';
import type { ProviderAdapter, ResponseContext, TranslationWarning, UpstreamTarget } from './adapter.js';
import { checkParameters } from './parameter-policy.js';
import { isProviderError, malformedUpstreamResponse, ProviderError } from './provider-error.js';

export interface CallAdapterOptions {
  /** Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Aborts the upstream call (and a stream in progress). */
  signal?: AbortSignal;
  /** Ids and clock of the answer; by default a fresh `chatcmpl-…` id, the current time and `call_…` tool ids. */
  context?: ResponseContext;
  /** Called with what the adapter rewrote, emulated or dropped, before the call. */
  onWarnings?: (warnings: TranslationWarning[]) => void;
}

/**
 * Calls a vendor directly through one adapter, without the gateway: checks the parameters, translates
 * the request, sends it with `fetch`, and translates the answer back to OpenAI's format. A non-2xx
 * answer, a network failure or a broken stream throws a `ProviderError`.
 *
 * With `stream: true` it resolves to an async iterable of chunks (leaving the loop early cancels the
 * upstream response); the usage chunk is kept only when `stream_options.include_usage` asks for it.
 *
 * @example
 * const completion = await callAdapter(createAnthropicAdapter(), request, {
 *   publicModel: 'claude-sonnet-4-6', upstreamModel: 'claude-sonnet-4-6',
 *   baseUrl: 'https://api.anthropic.com', apiKey: process.env.ANTHROPIC_API_KEY!,
 *   capabilities, maxOutputTokens: 64000,
 * });
 */
export function callAdapter(
  adapter: ProviderAdapter,
  request: ChatCompletionRequest & { stream: true },
  target: UpstreamTarget,
  options?: CallAdapterOptions,
): Promise<AsyncIterable<ChatCompletionChunk>>;
export function callAdapter(
  adapter: ProviderAdapter,
  request: ChatCompletionRequest & { stream?: false | null },
  target: UpstreamTarget,
  options?: CallAdapterOptions,
): Promise<ChatCompletion>;
export function callAdapter(
  adapter: ProviderAdapter,
  request: ChatCompletionRequest,
  target: UpstreamTarget,
  options?: CallAdapterOptions,
): Promise<ChatCompletion | AsyncIterable<ChatCompletionChunk>>;
export async function callAdapter(
  adapter: ProviderAdapter,
  request: ChatCompletionRequest,
  target: UpstreamTarget,
  options: CallAdapterOptions = {},
): Promise<ChatCompletion | AsyncIterable<ChatCompletionChunk>> {
  const { fetch = globalThis.fetch, signal } = options;
  checkParameters(request, adapter.parameterSupport(target.capabilities));
  const { request: upstream, warnings } = adapter.toUpstream(request, target);
  if (warnings.length > 0) options.onWarnings?.(warnings);
  const context = options.context ?? createResponseContext(request, target.publicModel);

  let response: Response;
  try {
    response = await fetch(upstream.url, {
      method: upstream.method,
      headers: { 'content-type': 'application/json', ...upstream.headers },
      body: JSON.stringify(upstream.body),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw connectionError(error);
  }

  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw adapter.fromError(response.status, parseJsonOrText(text), response.headers);
  }
  if (!upstream.stream) {
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      // The headers came, then the socket dropped: the same failure as a refused connection.
      if (signal?.aborted) throw error;
      throw connectionError(error);
    }
    const body = parseJsonOrText(text);
    if (typeof body === 'string')
      throw malformedUpstreamResponse('The upstream provider', 'the body is not JSON.');
    return translate(() => adapter.fromResponse(body, context));
  }
  if (!response.body)
    throw malformedUpstreamResponse('The upstream provider', 'a stream answer without a body.');
  return translateResponseStream(
    adapter,
    response.body,
    context,
    request.stream_options?.include_usage === true,
    signal,
  );
}

async function* translateResponseStream(
  adapter: ProviderAdapter,
  body: ReadableStream<Uint8Array>,
  context: ResponseContext,
  includeUsage: boolean,
  signal: AbortSignal | undefined,
): AsyncGenerator<ChatCompletionChunk> {
  const translator = adapter.createStreamTranslator(context);
  const keep = (chunk: ChatCompletionChunk) => includeUsage || chunk.choices.length > 0 || !chunk.usage;
  const events = decodeSse(body)[Symbol.asyncIterator]();
  try {
    while (true) {
      let next: IteratorResult<SseEvent>;
      try {
        next = await events.next();
      } catch (error) {
        // The caller's own abort is not an upstream failure: it must not look retryable.
        if (signal?.aborted) throw error;
        if (error instanceof SseEventTooLargeError) {
          throw malformedUpstreamResponse('The upstream provider', 'a stream event too large to read.');
        }
        // A socket reset in the middle of the stream.
        throw connectionError(error);
      }
      if (next.done) break;
      for (const chunk of translate(() => translator.push(next.value))) if (keep(chunk)) yield chunk;
    }
  } finally {
    // Leaving early (a break, a throw) cancels the upstream body.
    await events.return?.(undefined);
  }
  for (const chunk of translate(() => translator.finish())) if (keep(chunk)) yield chunk;
}

/**
 * Runs one translation step (a whole answer, or one stream event). A ProviderError is the adapter's verdict on the upstream answer; anything
 * else means the adapter could not read it, which retrying the same answer will not fix.
 */
function translate<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (isProviderError(error)) throw error;
    const malformed = malformedUpstreamResponse(
      'The upstream provider',
      'the adapter could not translate it.',
    );
    (malformed as Error & { cause?: unknown }).cause = error;
    throw malformed;
  }
}

/** A fresh context for one answer: a random `chatcmpl-` id, the current time, random `call_` ids. */
export function createResponseContext(request: ChatCompletionRequest, publicModel: string): ResponseContext {
  return {
    completionId: `chatcmpl-${randomToken()}`,
    created: Math.floor(Date.now() / 1000),
    publicModel,
    request,
    generateToolCallId: () => `call_${randomToken()}`,
  };
}

function randomToken(): string {
  return globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 24);
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function connectionError(cause: unknown): ProviderError {
  const error = new ProviderError({
    status: 502,
    type: 'upstream_error',
    code: 'upstream_connection_failed',
    // The cause's message may name the internal host; it stays on `cause`, out of the client's message.
    message: 'The connection to the upstream provider failed.',
    retryable: true,
  });
  (error as Error & { cause?: unknown }).cause = cause;
  return error;
}
