import type { CompletionUsage } from '@llmux/contract';
import {
  type HeadersLike,
  type InboundOperation,
  isForeignSignature,
  malformedUpstreamResponse,
  type NativeRelay,
  type NativeStreamRelay,
  type UpstreamRequest,
  type UpstreamTarget,
  unwrapForeignSignature,
  upstreamStreamCut,
} from '@llmux/provider-kit';
import type { SseEvent } from '@llmux/sse';
import { SKIP_THOUGHT_SIGNATURE } from '../convert-request.js';
import { convertUsage } from '../convert-usage.js';
import { convertStreamError } from '../errors.js';
import { GEMINI_DEFAULT_BASE_URL } from '../gemini-adapter.js';
import { geminiUsageMetadataSchema } from '../gemini-api.js';
import { toGeminiErrorBody } from './encode-error.js';
import { createChunkWriter, type GeminiStreamRequest, readFraming } from './encode-stream.js';

/** The method each relayed operation calls (https://ai.google.dev/api/generate-content). */
const METHOD_BY_OPERATION: Record<InboundOperation, string> = {
  generate: 'generateContent',
  'count-tokens': 'countTokens',
};

/**
 * The native route for Gemini clients and Gemini models: the client's body goes to Google with only the
 * model (in the URL) and the credentials changed, and Google's answer comes back with only `modelVersion`
 * (→ the public id) changed; usage is read on the way for accounting. Upstream streams are always asked for
 * as SSE (`alt=sse`); the client gets its own framing back.
 *
 * One thing in the body changes: signatures the gateway made for another vendor's model (`llmux1.…`, when
 * a conversation began on Claude or DeepSeek and moved to Gemini). Gemini verifies the signatures it is sent
 * and refuses one it did not make, so they are removed with the thoughts they sign (a wrapped Gemini one is
 * unwrapped), and a function call that loses its signature gets Google's placeholder, without which Gemini 3
 * refuses the turn (https://ai.google.dev/gemini-api/docs/thought-signatures#faqs).
 *
 * @example
 * const relay = createGeminiNativeRelay();
 * const upstream = relay.request(parsed, target, request.headers, { stream: true, operation: 'generate' });
 * const stream = relay.stream('gemini-3-pro', parsed); // then stream.push(event) for each upstream SSE event
 */
export function createGeminiNativeRelay(): NativeRelay<GeminiStreamRequest> {
  return {
    request: buildRelayRequest,
    response(text, publicModel) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return { text, usage: undefined };
      }
      if (!isRecord(parsed)) return { text, usage: undefined };
      const usage = readUsage(parsed.usageMetadata);
      // countTokens answers `{ totalTokens }` alone: no model to rewrite, no usage to account.
      if (!('modelVersion' in parsed)) return { text, usage };
      return { text: JSON.stringify({ ...parsed, modelVersion: publicModel }), usage };
    },
    stream: createStreamRelay,
  };
}

function buildRelayRequest(
  request: GeminiStreamRequest,
  target: UpstreamTarget,
  _clientHeaders: HeadersLike,
  options: { stream: boolean; operation: InboundOperation },
): UpstreamRequest {
  const method = METHOD_BY_OPERATION[options.operation];
  if (method === undefined) throw new TypeError(`The Gemini relay has no operation "${options.operation}"`);
  const base = (target.baseUrl || GEMINI_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const model = target.upstreamModel.replace(/^models\//, '');
  const stream = options.stream && options.operation === 'generate';
  const url = stream
    ? `${base}/v1beta/models/${encodeURIComponent(model)}:streamGenerateContent?alt=sse`
    : `${base}/v1beta/models/${encodeURIComponent(model)}:${method}`;
  // No client header is kept: its x-goog-api-key is the gateway key, never Google's.
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-goog-api-key': target.apiKey,
  };
  if (stream) headers.accept = 'text/event-stream';
  return { url, method: 'POST', headers, body: relayBody(bodyOf(request, options.operation), model), stream };
}

/**
 * The body to forward: a generate request's own; for countTokens (parsed as the request whose prompt is counted),
 * `{contents}` alone as it is, anything more inside `generateContentRequest` (https://ai.google.dev/api/tokens).
 */
function bodyOf(request: GeminiStreamRequest, operation: InboundOperation): Record<string, unknown> {
  if (request.body !== undefined) return request.body;
  const counted = request as Record<string, unknown>;
  if (operation !== 'count-tokens') return counted;
  return Object.keys(counted).every((key) => key === 'contents')
    ? counted
    : { generateContentRequest: counted };
}

/** The body with gateway-made signatures taken out; countTokens' inner request names the upstream model. */
export function relayBody(body: Record<string, unknown>, upstreamModel: string): Record<string, unknown> {
  const relayed: Record<string, unknown> = { ...body };
  const contents = withoutForeignSignatures(body.contents);
  if (contents !== body.contents) relayed.contents = contents;
  const inner = body.generateContentRequest;
  if (isRecord(inner))
    relayed.generateContentRequest = {
      ...inner,
      ...(inner.model === undefined ? {} : { model: `models/${upstreamModel}` }),
      ...(Array.isArray(inner.contents) ? { contents: withoutForeignSignatures(inner.contents) } : {}),
    };
  return relayed;
}

/** The contents with foreign signatures removed; the same array when there is none. */
function withoutForeignSignatures(contents: unknown): unknown {
  if (!Array.isArray(contents)) return contents;
  let changed = false;
  const kept: unknown[] = [];
  for (const content of contents) {
    if (!isRecord(content) || !Array.isArray(content.parts) || !content.parts.some(hasForeignSignature)) {
      kept.push(content);
      continue;
    }
    changed = true;
    const parts = content.parts.flatMap(withoutForeignSignature);
    // A turn that held only gateway-made thoughts is left out: Gemini refuses a content without parts.
    if (parts.length > 0) kept.push({ ...content, parts });
  }
  return changed ? kept : contents;
}

function hasForeignSignature(part: unknown): boolean {
  return (
    isRecord(part) && typeof part.thoughtSignature === 'string' && isForeignSignature(part.thoughtSignature)
  );
}

function withoutForeignSignature(part: unknown): unknown[] {
  if (!hasForeignSignature(part)) return [part];
  const { thoughtSignature, ...rest } = part as Record<string, unknown> & { thoughtSignature: string };
  const foreign = unwrapForeignSignature(thoughtSignature);
  if (foreign?.vendor === 'gemini' && foreign.signature !== '')
    return [{ ...rest, thoughtSignature: foreign.signature }];
  if (rest.functionCall !== undefined) return [{ ...rest, thoughtSignature: SKIP_THOUGHT_SIGNATURE }];
  // Another vendor's thought is its reasoning, not Gemini's: as the Anthropic relay drops foreign thinking,
  // it is left out (as is an empty text that only carried a proof).
  if (rest.thought === true || rest.text === '') return [];
  return [rest];
}

/**
 * Relays Gemini's SSE stream in the client's framing. Each chunk is parsed once (its modelVersion rewritten,
 * its usage and finishReason read) and written again; an `error` chunk before any content is thrown as the
 * adapter's ProviderError, so the gateway may retry or fail over.
 */
function createStreamRelay(publicModel: string, request?: GeminiStreamRequest): NativeStreamRelay {
  const writer = createChunkWriter(readFraming(request));
  let usage: CompletionUsage | undefined;
  let contentSeen = false;
  let finishSeen = false;
  let failed = false;

  return {
    get usage() {
      return usage;
    },
    push(event: SseEvent) {
      if (failed) return '';
      let parsed: unknown;
      try {
        parsed = JSON.parse(event.data);
      } catch {
        throw malformedUpstreamResponse('Gemini', 'a stream chunk is not JSON');
      }
      if (!isRecord(parsed)) throw malformedUpstreamResponse('Gemini', 'a stream chunk is not an object');
      if (parsed.error !== undefined) {
        if (!contentSeen) throw convertStreamError(parsed);
        failed = true;
        return writer.error(parsed);
      }
      usage = readUsage(parsed.usageMetadata) ?? usage;
      const candidates = Array.isArray(parsed.candidates) ? parsed.candidates : [];
      for (const candidate of candidates) {
        if (!isRecord(candidate)) continue;
        if (typeof candidate.finishReason === 'string' && candidate.finishReason !== '') finishSeen = true;
        if (isRecord(candidate.content) && Array.isArray(candidate.content.parts)) contentSeen = true;
      }
      // A prompt Gemini blocks streams one chunk with promptFeedback and no candidates: that is its end.
      if (isRecord(parsed.promptFeedback) && parsed.promptFeedback.blockReason !== undefined)
        finishSeen = true;
      const relayed = 'modelVersion' in parsed ? { ...parsed, modelVersion: publicModel } : parsed;
      return writer.chunk(relayed);
    },
    finish() {
      if (failed) return '';
      if (!finishSeen) throw upstreamStreamCut('Gemini', 'finishReason');
      return writer.close();
    },
    fail(error) {
      if (failed) return '';
      failed = true;
      return writer.error(toGeminiErrorBody(error));
    },
  };
}

function readUsage(value: unknown): CompletionUsage | undefined {
  const parsed = geminiUsageMetadataSchema.safeParse(value);
  return parsed.success ? convertUsage(parsed.data) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
