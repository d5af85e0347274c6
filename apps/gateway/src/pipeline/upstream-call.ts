import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  CompletionUsage,
} from '@llmux/contract';
import {
  type HeadersLike,
  type InboundOperation,
  isProviderError,
  malformedUpstreamResponse,
  type NativeRelay,
  type NativeStreamRelay,
  type ProviderAdapter,
  type RelayedText,
  type ResponseContext,
  type TranslationWarning,
  type UpstreamTarget,
} from '@llmux/provider-kit';
import { accumulateChunks, createSseDecoder, type SseEvent } from '@llmux/sse';
import type { Dispatcher } from 'undici';
import type { Deployment } from '../routing/deployments.js';
import type { AttemptTrace } from '../tracing/tracing.js';
import type { AbortHandle } from '../upstream/abort-handle.js';
import type { UpstreamPools } from '../upstream/pools.js';
import { sendUpstream, toTransportError } from '../upstream/send.js';

/** How errors name the vendor: never its URL (the kit's constructor puts this name in the message). */
const UPSTREAM = 'The upstream provider';

export interface CallOptions {
  pools: UpstreamPools;
  signal: AbortHandle;
  attemptTimeoutMs: number;
  /** This attempt's span when tracing is on. */
  trace?: AttemptTrace | undefined;
  /** Merged into the target's adapter options for this request. */
  extraOptions?: Record<string, unknown> | undefined;
  /** Receives the adapter's warnings for this attempt. */
  onWarnings: (warnings: TranslationWarning[]) => void;
  /**
   * Whether the adapter's relay may be used (`UpstreamCall.relay`): off when the caller needs objects (the
   * lanes of an emulated `n` are merged, so their chunks and choices are renumbered).
   */
  allowRelay: boolean;
}

/** A whole answer: the adapter's completion, or the upstream's own text when it was relayed. */
export type WholeAnswer =
  | { completion: ChatCompletion; text?: undefined; usage: CompletionUsage | undefined }
  | { completion?: undefined; text: string; usage: CompletionUsage | undefined };

export function createTarget(
  deployment: Deployment,
  publicModel: string,
  extraOptions?: Record<string, unknown>,
): UpstreamTarget {
  const options =
    extraOptions === undefined ? deployment.options : { ...deployment.options, ...extraOptions };
  return {
    publicModel,
    upstreamModel: deployment.upstreamModel,
    baseUrl: deployment.baseUrl,
    apiKey: deployment.apiKey,
    capabilities: deployment.model.capabilities,
    maxOutputTokens: deployment.model.maxOutputTokens,
    ...(options !== undefined ? { options } : {}),
  };
}

/** One attempt at a whole (non-streamed) answer. Vendors the adapter asks to stream are collected here. */
export async function callWhole(
  adapter: ProviderAdapter,
  deployment: Deployment,
  request: ChatCompletionRequest,
  context: ResponseContext,
  options: CallOptions,
): Promise<WholeAnswer> {
  const call = adapter.toUpstream(
    request,
    createTarget(deployment, context.publicModel, options.extraOptions),
  );
  options.onWarnings(call.warnings);
  const response = await sendUpstream(options.pools, adapter, call.request, options);
  if (!call.request.stream) {
    const text = await readText(response, options.signal);
    if (call.relay !== undefined && options.allowRelay) return call.relay.response(text, context);
    const completion = adapter.fromResponse(parseBody(text), context);
    return { completion, usage: completion.usage };
  }
  const chunks: ChatCompletionChunk[] = [];
  const translator = adapter.createStreamTranslator(context);
  const collect = (translated: ChatCompletionChunk[]) => {
    for (const chunk of translated) chunks.push(chunk);
  };
  await pumpStream(response, options.signal, {
    push: (event) => collect(translator.push(event)),
    finish: () => collect(translator.finish()),
    flush: () => {},
  });
  let completion: ChatCompletion;
  try {
    completion = accumulateChunks(chunks);
  } catch (error) {
    throw malformedUpstreamResponse(
      UPSTREAM,
      `its stream did not add up to a completion (${(error as Error).message})`,
    );
  }
  return { completion, usage: completion.usage };
}

/**
 * One attempt at a streamed answer: translated chunks go to `onChunks` as they arrive, or, when the adapter
 * relays the upstream's own events, their text to `onText`. Resolves with the relay's usage (undefined when
 * the chunks went to `onChunks`, whose usage chunk carries it).
 */
export async function callStream(
  adapter: ProviderAdapter,
  deployment: Deployment,
  request: ChatCompletionRequest,
  context: ResponseContext,
  options: CallOptions & {
    onChunks: (chunks: ChatCompletionChunk[]) => void;
    /** Relayed SSE text (with the usage chunk only if the client asked for it; never `[DONE]`). */
    onText: (text: string) => void;
    /** Called after each upstream read: what `onChunks` gathered goes out in one write (one syscall). */
    flush: () => void;
    output: NodeJS.WritableStream;
  },
): Promise<{ relayed: boolean; usage: CompletionUsage | undefined }> {
  const call = adapter.toUpstream(
    request,
    createTarget(deployment, context.publicModel, options.extraOptions),
  );
  options.onWarnings(call.warnings);
  const response = await sendUpstream(options.pools, adapter, call.request, options);
  if (!call.request.stream) {
    // The adapter answers this request whole: replay the completion as chunks.
    const completion = adapter.fromResponse(parseBody(await readText(response, options.signal)), context);
    options.onChunks(completionToChunks(completion));
    options.flush();
    return { relayed: false, usage: undefined };
  }
  const { flush, output } = options;
  if (call.relay !== undefined && options.allowRelay) {
    const relay = call.relay.stream(context);
    const send = (text: string) => {
      if (text !== '') options.onText(text);
    };
    await pumpStream(response, options.signal, {
      push: (event) => send(relay.push(event)),
      finish: () => send(relay.finish()),
      flush,
      output,
    });
    return { relayed: true, usage: relay.usage };
  }
  const translator = adapter.createStreamTranslator(context);
  const send = (chunks: ChatCompletionChunk[]) => {
    if (chunks.length > 0) options.onChunks(chunks);
  };
  await pumpStream(response, options.signal, {
    push: (event) => send(translator.push(event)),
    finish: () => send(translator.finish()),
    flush,
    output,
  });
  return { relayed: false, usage: undefined };
}

/** The whole body as text, read with 'data' listeners (undici's `body.text()` costs more per request). */
function readText(response: Dispatcher.ResponseData, signal: AbortHandle): Promise<string> {
  return new Promise((resolve, reject) => {
    const body = response.body;
    const chunks: Buffer[] = [];
    let ended = false;
    body.on('data', (chunk: Buffer) => chunks.push(chunk));
    body.on('end', () => {
      ended = true;
      resolve((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString());
    });
    body.on('error', (error) => reject(toTransportError(error, signal)));
    // 'close' follows every 'end': only a close without one is a failure (and worth building an error for).
    body.on('close', () => {
      if (!ended) reject(toTransportError(new Error('upstream closed'), signal));
    });
  });
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw malformedUpstreamResponse(UPSTREAM, 'its body is not JSON');
  }
}

/** Where `pumpStream` delivers an upstream stream: its events, its end, and a write point after each read. */
interface StreamSink {
  push(event: SseEvent): void;
  /** The upstream ended (a translator or relay reports a cut stream by throwing here). */
  finish(): void;
  /** Called after each upstream read: what the events of that read produced goes out in one write. */
  flush(): void;
  /** The client's response: the upstream is paused while its socket buffer is full. */
  output?: (NodeJS.WritableStream & { writableNeedDrain?: boolean }) | undefined;
}

/**
 * Feeds an upstream SSE body through the decoder into a synchronous sink from one 'data' listener (no Web
 * stream, Transform or async generator per request: PERFORMANCE.md).
 */
function pumpStream(response: Dispatcher.ResponseData, signal: AbortHandle, sink: StreamSink): Promise<void> {
  return new Promise((resolve, reject) => {
    const body = response.body;
    const output = sink.output;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      body.destroy();
      reject(error);
    };
    const decoder = createSseDecoder({ onEvent: sink.push });
    const resume = () => body.resume();
    body.on('data', (data: Buffer) => {
      if (settled) return;
      try {
        decoder.push(data);
        sink.flush();
      } catch (error) {
        fail(toStreamError(error));
        return;
      }
      if (output?.writableNeedDrain) {
        body.pause();
        output.once('drain', resume);
      }
    });
    body.on('end', () => {
      if (settled) return;
      try {
        decoder.end();
        sink.finish();
        sink.flush();
      } catch (error) {
        fail(toStreamError(error));
        return;
      }
      settled = true;
      resolve();
    });
    body.on('error', (error) => fail(toTransportError(error, signal)));
    body.on('close', () => {
      if (!settled) fail(toTransportError(new Error('upstream closed'), signal));
    });
  });
}

function toStreamError(error: unknown): unknown {
  if (isProviderError(error)) return error;
  if (error instanceof Error && error.name === 'ClientClosedError') return error;
  return malformedUpstreamResponse(UPSTREAM, 'its stream could not be read');
}

/** A whole completion as the chunks a stream of it would have carried (one per choice, then usage). */
export function completionToChunks(completion: ChatCompletion): ChatCompletionChunk[] {
  const base = {
    id: completion.id,
    object: 'chat.completion.chunk' as const,
    created: completion.created,
    model: completion.model,
  };
  const chunks: ChatCompletionChunk[] = completion.choices.map((choice) => {
    const delta: ChatCompletionChunk['choices'][number]['delta'] = { role: 'assistant' };
    if (choice.message.content !== null) delta.content = choice.message.content;
    if (choice.message.reasoning_content !== undefined)
      delta.reasoning_content = choice.message.reasoning_content;
    if (choice.message.refusal !== null) delta.refusal = choice.message.refusal;
    if (choice.message.tool_calls !== undefined) {
      delta.tool_calls = choice.message.tool_calls.map((toolCall, index) => ({ index, ...toolCall }));
    }
    return {
      ...base,
      choices: [
        { index: choice.index, delta, finish_reason: choice.finish_reason, logprobs: choice.logprobs },
      ],
    };
  });
  if (completion.usage !== undefined) chunks.push({ ...base, choices: [], usage: completion.usage });
  return chunks;
}

/** One attempt on the native route: the inbound protocol's relay and what it needs to build its request. */
export interface RelayCallOptions extends Omit<CallOptions, 'extraOptions' | 'allowRelay'> {
  relay: NativeRelay;
  /** The client's parsed body (forwarded with only the model id changed). */
  request: unknown;
  /** The client's headers: protocol version and beta headers go upstream. */
  clientHeaders: HeadersLike;
  publicModel: string;
  operation: InboundOperation;
}

/** A whole answer on the native route: the upstream's own JSON text (model id rewritten) and its usage. */
export async function callRelayWhole(
  adapter: ProviderAdapter,
  deployment: Deployment,
  options: RelayCallOptions,
): Promise<RelayedText> {
  const target = createTarget(deployment, options.publicModel);
  const upstream = options.relay.request(options.request, target, options.clientHeaders, {
    stream: false,
    operation: options.operation,
  });
  const response = await sendUpstream(options.pools, adapter, upstream, options);
  return options.relay.response(await readText(response, options.signal), options.publicModel);
}

/** A streamed answer on the native route: each upstream event's text to `onText`, written at `flush`. */
export async function callRelayStream(
  adapter: ProviderAdapter,
  deployment: Deployment,
  options: RelayCallOptions & {
    /** This attempt's stream relay (the caller keeps it: a failure after the stream began ends in its framing). */
    streamRelay: NativeStreamRelay;
    onText: (text: string) => void;
    flush: () => void;
    output: NodeJS.WritableStream;
  },
): Promise<CompletionUsage | undefined> {
  const target = createTarget(deployment, options.publicModel);
  const upstream = options.relay.request(options.request, target, options.clientHeaders, {
    stream: true,
    operation: options.operation,
  });
  const response = await sendUpstream(options.pools, adapter, upstream, options);
  const relay = options.streamRelay;
  const send = (text: string) => {
    if (text !== '') options.onText(text);
  };
  await pumpStream(response, options.signal, {
    push: (event) => send(relay.push(event)),
    finish: () => send(relay.finish()),
    flush: options.flush,
    output: options.output,
  });
  return relay.usage;
}
