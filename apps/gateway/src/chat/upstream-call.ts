import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from '@llmux/contract';
import {
  isProviderError,
  malformedUpstreamResponse,
  type ProviderAdapter,
  type ResponseContext,
  type TranslationWarning,
  type UpstreamTarget,
} from '@llmux/provider-kit';
import { accumulateChunks, createSseDecoder } from '@llmux/sse';
import type { Dispatcher } from 'undici';
import type { Deployment } from '../routing/deployments.js';
import type { AbortHandle } from '../upstream/abort-handle.js';
import type { UpstreamPools } from '../upstream/pools.js';
import { sendUpstream, toTransportError } from '../upstream/send.js';

/** How errors name the vendor: never its URL (the kit's constructor puts this name in the message). */
const UPSTREAM = 'The upstream provider';

export interface CallOptions {
  pools: UpstreamPools;
  signal: AbortHandle;
  attemptTimeoutMs: number;
  /** Merged into the target's adapter options for this request. */
  extraOptions?: Record<string, unknown> | undefined;
  /** Receives the adapter's warnings for this attempt. */
  onWarnings: (warnings: TranslationWarning[]) => void;
}

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
): Promise<ChatCompletion> {
  const call = adapter.toUpstream(
    request,
    createTarget(deployment, context.publicModel, options.extraOptions),
  );
  options.onWarnings(call.warnings);
  const response = await sendUpstream(options.pools, adapter, call.request, options);
  if (call.request.stream) {
    const chunks: ChatCompletionChunk[] = [];
    await pumpStream(
      response,
      adapter,
      context,
      options.signal,
      (translated) => {
        for (const chunk of translated) chunks.push(chunk);
      },
      () => {},
    );
    try {
      return accumulateChunks(chunks);
    } catch (error) {
      throw malformedUpstreamResponse(
        UPSTREAM,
        `its stream did not add up to a completion (${(error as Error).message})`,
      );
    }
  }
  let text: string;
  try {
    text = await response.body.text();
  } catch (error) {
    throw toTransportError(error, options.signal);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw malformedUpstreamResponse(UPSTREAM, 'its body is not JSON');
  }
  return adapter.fromResponse(body, context);
}

/** One attempt at a streamed answer: translated chunks go to `onChunks` as they arrive. */
export async function callStream(
  adapter: ProviderAdapter,
  deployment: Deployment,
  request: ChatCompletionRequest,
  context: ResponseContext,
  options: CallOptions & {
    onChunks: (chunks: ChatCompletionChunk[]) => void;
    /** Called after each upstream read: what `onChunks` gathered goes out in one write (one syscall). */
    flush: () => void;
    output: NodeJS.WritableStream;
  },
): Promise<void> {
  const call = adapter.toUpstream(
    request,
    createTarget(deployment, context.publicModel, options.extraOptions),
  );
  options.onWarnings(call.warnings);
  const response = await sendUpstream(options.pools, adapter, call.request, options);
  if (!call.request.stream) {
    // The adapter answers this request whole: replay the completion as chunks.
    const completion = await readWhole(response, adapter, context, options.signal);
    options.onChunks(completionToChunks(completion));
    options.flush();
    return;
  }
  await pumpStream(
    response,
    adapter,
    context,
    options.signal,
    options.onChunks,
    options.flush,
    options.output,
  );
}

async function readWhole(
  response: Dispatcher.ResponseData,
  adapter: ProviderAdapter,
  context: ResponseContext,
  signal: AbortHandle,
): Promise<ChatCompletion> {
  let text: string;
  try {
    text = await response.body.text();
  } catch (error) {
    throw toTransportError(error, signal);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw malformedUpstreamResponse(UPSTREAM, 'its body is not JSON');
  }
  return adapter.fromResponse(body, context);
}

/**
 * Feeds an upstream SSE body through the decoder and the adapter's synchronous translator from one 'data'
 * listener (no Web stream, Transform or async generator per request: PERFORMANCE.md). When `output` is
 * given, the upstream is paused while the client's socket buffer is full.
 */
function pumpStream(
  response: Dispatcher.ResponseData,
  adapter: ProviderAdapter,
  context: ResponseContext,
  signal: AbortHandle,
  onChunks: (chunks: ChatCompletionChunk[]) => void,
  flush: () => void,
  output?: NodeJS.WritableStream & { writableNeedDrain?: boolean },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const body = response.body;
    const translator = adapter.createStreamTranslator(context);
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      body.destroy();
      reject(error);
    };
    const decoder = createSseDecoder({
      onEvent: (event) => {
        const chunks = translator.push(event);
        if (chunks.length > 0) onChunks(chunks);
      },
    });
    const resume = () => body.resume();
    body.on('data', (data: Buffer) => {
      if (settled) return;
      try {
        decoder.push(data);
        flush();
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
        const chunks = translator.finish();
        if (chunks.length > 0) onChunks(chunks);
        flush();
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
