import type { ChatCompletionChunk, CompletionUsage } from '@llmux/contract';
import {
  type AnswerRelay,
  malformedUpstreamResponse,
  type RelayedAnswer,
  type ResponseContext,
  type StreamRelay,
  type StreamTranslator,
  upstreamStreamCut,
} from '@llmux/provider-kit';
import { encodeChunk, type SseEvent } from '@llmux/sse';
import { meetsChunkContract, meetsCompletionContract } from './check-completion.js';
import { convertChatResponse } from './convert-response.js';
import { createChatStreamTranslator } from './convert-stream.js';
import { convertChatUsage } from './convert-usage.js';
import type { ChatDialect } from './dialect.js';
import { convertChatError, hasEmbeddedError } from './errors.js';
import type { OpenAIChatUsage } from './openai-chat-api.js';

/**
 * The relay of a dialect whose server already answers in the contract's shape (OpenAI itself): answers are
 * forwarded as the upstream wrote them, with `model` rewritten to the public id, instead of being parsed
 * into objects, normalised and serialised again. That costs a few string searches per streamed event
 * instead of a parse and a serialisation (PERFORMANCE.md, "the shape of the hot path", step 4).
 *
 * Every whole answer and the first chunk of every stream are checked against the contract in full. A later
 * chunk is recognised by the head it shares with the first one (id, object, created, model: see
 * `upstreamPrefix`) and the presence of `finish_reason`; one that differs is checked in full. What fails a
 * check is translated instead, so the output meets the contract either way: a whole answer that fails it, a
 * stream whose first chunk does (Azure's content-filter chunk has `object: ""`; the whole stream is then
 * translated) or a later chunk that does (translated from there on, under the id the client has seen). The
 * relayed answers say what the translated ones say, except `id` and `created` (the upstream's) and fields the
 * translator leaves out (`service_tier`, `obfuscation`, `annotations`), which the relay keeps.
 */
export function createChatRelay(dialect: ChatDialect): AnswerRelay {
  return {
    response: (text, context) => relayChatResponse(text, context, dialect),
    stream: (context) => createChatStreamRelay(context, dialect),
  };
}

function relayChatResponse(text: string, context: ResponseContext, dialect: ChatDialect): RelayedAnswer {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw malformedUpstreamResponse(dialect.name, 'its body is not JSON');
  }
  if (hasEmbeddedError(body)) throw convertChatError(200, body, {}, dialect);
  if (!meetsCompletionContract(body)) {
    const completion = convertChatResponse(body, context, dialect);
    return { text: JSON.stringify(completion), usage: completion.usage };
  }
  const { model, usage } = body;
  return {
    text: replaceModel(text, model, context.publicModel),
    usage: usage === undefined ? undefined : convertChatUsage(usage as OpenAIChatUsage, dialect),
  };
}

const CHUNK_OBJECT = '"object":"chat.completion.chunk"';

function createChatStreamRelay(context: ResponseContext, dialect: ChatDialect): StreamRelay {
  const includeUsage = context.request.stream_options?.include_usage === true;
  const expectedChoices = context.request.n ?? 1;
  let usage: CompletionUsage | undefined;
  let mode: 'first' | 'relay' | 'translate' = 'first';
  let translator: StreamTranslator | undefined;
  let upstreamModel = '';
  /**
   * OpenAI starts every chunk of a stream with the same text up to the model's value
   * (`{"id":"chatcmpl-…","object":"chat.completion.chunk","created":…,"model":"gpt-4o-mini-2024-07-18"`), so one
   * comparison both recognises a chunk of this stream and locates the model to rewrite. Learnt from the first
   * chunk, which is checked against the contract in full.
   */
  let upstreamPrefix: string | undefined;
  /** The first chunk's id and created: what the client has seen, kept if a translator has to take over. */
  let upstreamId = context.completionId;
  let upstreamCreated = context.created;
  let publicPrefix = '';
  let done = false;
  let finishReasons = 0;
  let finished = false;

  /** Chunks made by the translator, as SSE text; the usage chunk is kept back unless the client asked. */
  const encode = (chunks: ChatCompletionChunk[]): string => {
    let text = '';
    for (const chunk of chunks) {
      if (chunk.usage !== undefined && chunk.usage !== null) {
        usage = chunk.usage;
        if (!includeUsage) continue;
      }
      text += encodeChunk(chunk);
    }
    return text;
  };

  /** Takes over from the relay for the rest of the stream, keeping the ids the client has already seen. */
  const startTranslating = (id: string, created: number): StreamTranslator => {
    translator ??= createChatStreamTranslator({ ...context, completionId: id, created }, dialect);
    return translator;
  };

  const parse = (data: string): unknown => {
    try {
      return JSON.parse(data);
    } catch {
      throw malformedUpstreamResponse(dialect.name, `not JSON: ${data.slice(0, 200)}`);
    }
  };

  /** Parses and checks one event in full; undefined when it is not a contract chunk (then it is translated). */
  const checkEvent = (data: string): ChatCompletionChunk | undefined => {
    const payload = parse(data);
    if (hasEmbeddedError(payload)) throw convertChatError(200, payload, {}, dialect);
    return meetsChunkContract(payload) ? payload : undefined;
  };

  const pushFirst = (event: SseEvent, data: string): string => {
    const chunk = checkEvent(data);
    if (chunk === undefined) {
      mode = 'translate';
      return encode(startTranslating(context.completionId, context.created).push(event));
    }
    mode = 'relay';
    upstreamModel = chunk.model;
    if (chunk.id !== '') upstreamId = chunk.id;
    upstreamCreated = chunk.created;
    const end = findModelValueEnd(data, upstreamModel);
    if (end !== -1 && data.lastIndexOf(CHUNK_OBJECT, end) !== -1) {
      upstreamPrefix = flat(data.slice(0, end));
      publicPrefix = flat(replaceModel(upstreamPrefix, upstreamModel, context.publicModel));
    }
    return relayChecked(data, chunk);
  };

  /** A chunk known to meet the contract: usage noted (and held back unless asked for), model rewritten. */
  const relayChecked = (data: string, chunk: ChatCompletionChunk): string => {
    if (chunk.usage !== undefined && chunk.usage !== null) {
      usage = convertChatUsage(chunk.usage as OpenAIChatUsage, dialect);
      if (!includeUsage && chunk.choices.length === 0) return '';
    }
    for (const choice of chunk.choices) if (choice.finish_reason !== null) finishReasons++;
    return `data: ${replaceModel(data, chunk.model, context.publicModel)}\n\n`;
  };

  const relayEvent = (event: SseEvent, data: string): string => {
    // `substring` and `===` rather than `startsWith`: V8's startsWith of a 100-character prefix costs several
    // times more (measured on Node 20), and this runs once per streamed token.
    if (
      upstreamPrefix === undefined ||
      data.substring(0, upstreamPrefix.length) !== upstreamPrefix ||
      isErrorEvent(data)
    ) {
      const chunk = checkEvent(data);
      if (chunk !== undefined) return relayChecked(data, chunk);
      return encode(startTranslating(upstreamId, upstreamCreated).push(event));
    }
    // OpenAI writes `usage` and `finish_reason` near the end of a chunk: searching from the end finds them at
    // once. A usage object (not `null`) means the usage chunk: that one is parsed and checked.
    const usageAt = data.lastIndexOf('"usage":');
    const finishAt = data.lastIndexOf('"finish_reason":');
    // No finish_reason at all (Grok and Qwen leave out the `null`) is outside the contract: checked in full.
    if ((usageAt !== -1 && data.charCodeAt(usageAt + 8) === 123) /* { */ || finishAt === -1) {
      const chunk = checkEvent(data);
      if (chunk !== undefined) return relayChecked(data, chunk);
      return encode(startTranslating(upstreamId, upstreamCreated).push(event));
    }
    if (data.charCodeAt(finishAt + 16) === 34 /* " */) finishReasons++;
    return `data: ${publicPrefix}${data.slice(upstreamPrefix.length)}\n\n`;
  };

  return {
    get usage() {
      return usage;
    },
    push(event) {
      if (finished) throw malformedUpstreamResponse(dialect.name, 'event after the end of the stream');
      if (mode === 'translate') return encode(translator!.push(event));
      const data = event.data.trim();
      if (data === '') return '';
      if (data === '[DONE]') {
        done = true;
        // A translator that took over mid-stream must see the end too, or it reports a cut stream.
        if (translator !== undefined) translator.push(event);
        return '';
      }
      if (mode === 'first') return pushFirst(event, data);
      if (translator !== undefined) return encode(translator.push(event));
      return relayEvent(event, data);
    },
    finish() {
      if (finished) return '';
      finished = true;
      if (translator !== undefined) return encode(translator.finish());
      // As the translator: `[DONE]` ends a stream; without it, a finish reason on every choice does.
      if (!done && (mode === 'first' || finishReasons < expectedChoices)) {
        throw upstreamStreamCut(dialect.name, '[DONE] or a finish reason on every choice');
      }
      return '';
    },
  };
}

/**
 * The JSON text with its first `"model"` member whose value is `from` set to `to`. In JSON text an unescaped
 * `"model"` can only be a key (inside strings quotes are escaped), and OpenAI writes the top-level `model`
 * before `choices`, so the first such member is the answer's own. Spaces around the colon are allowed
 * (whole answers come pretty-printed).
 */
export function replaceModel(text: string, from: string, to: string): string {
  if (from === to) return text;
  const end = findModelValueEnd(text, from);
  if (end === -1) return text;
  const start = end - JSON.stringify(from).length;
  return text.slice(0, start) + JSON.stringify(to) + text.slice(end);
}

/** Where the first `"model"` member whose value is `from` ends (after its closing quote); -1 if none. */
function findModelValueEnd(text: string, from: string): number {
  const fromLiteral = JSON.stringify(from);
  let at = text.indexOf('"model"');
  while (at !== -1) {
    let position = at + 7;
    while (isJsonSpace(text.charCodeAt(position))) position++;
    if (text.charCodeAt(position) === 58 /* : */) {
      position++;
      while (isJsonSpace(text.charCodeAt(position))) position++;
      if (text.startsWith(fromLiteral, position)) return position + fromLiteral.length;
    }
    at = text.indexOf('"model"', at + 7);
  }
  return -1;
}

/**
 * A copy of `text` as one flat string. The prefixes are pieces of the first event's text (V8 keeps them as
 * slices and concatenations of it); compared and joined once per event, they cost twice as much per stream
 * as flat copies (measured: 60–90 µs against 27–45 µs for a 50-event stream).
 */
function flat(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/** `{"error"…`: OpenAI's error event inside a stream. */
function isErrorEvent(data: string): boolean {
  return data.charCodeAt(2) === 101 /* e */ && data.substring(0, 8) === '{"error"';
}

function isJsonSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}
