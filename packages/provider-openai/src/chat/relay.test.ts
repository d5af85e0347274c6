import type { ChatCompletion, ChatCompletionChunk } from '@llmux/contract';
import { catchProviderError, validateChunk, validateCompletion } from '@llmux/provider-kit/testing';
import { accumulateChunks, createSseDecoder, type SseEvent } from '@llmux/sse';
import { describe, expect, it } from 'vitest';
import { convertChatRequest } from './convert-request.js';
import { convertChatResponse } from './convert-response.js';
import { createChatStreamTranslator } from './convert-stream.js';
import {
  createContext,
  createRequest,
  createTarget,
  readChunkEvents,
  readFixture,
} from './fixture-helpers.js';
import { openAIChatDialect } from './openai-chat-dialect.js';
import { createChatRelay, replaceModel } from './relay.js';

const fixtureUrl = (name: string) => new URL(`./__fixtures__/${name}`, import.meta.url);
const relay = createChatRelay(openAIChatDialect);

/** The SSE text a relay writes for these events, parsed back into chunks (as a client would read it). */
function relayEvents(events: SseEvent[], includeUsage: boolean, publicModel = 'gpt-4o') {
  const context = createContext({
    publicModel,
    request: createRequest({
      stream: true,
      ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
    }),
  });
  const stream = relay.stream(context);
  let text = '';
  for (const event of events) text += stream.push(event);
  text += stream.finish();
  const chunks: ChatCompletionChunk[] = [];
  const decoder = createSseDecoder({ onEvent: (event) => chunks.push(JSON.parse(event.data)) });
  decoder.push(text);
  decoder.end();
  return { text, chunks, usage: stream.usage, context };
}

function translateEvents(events: SseEvent[], publicModel = 'gpt-4o'): ChatCompletionChunk[] {
  const translator = createChatStreamTranslator(
    createContext({ publicModel, request: createRequest({ stream: true }) }),
    openAIChatDialect,
  );
  return [...events.flatMap((event) => translator.push(event)), ...translator.finish()];
}

/** What a client makes of a stream, with the fields that may differ between the two paths taken out. */
function comparable(chunks: ChatCompletionChunk[]): Omit<ChatCompletion, 'id' | 'created'> {
  const { id: _id, created: _created, service_tier: _tier, ...rest } = accumulateChunks(chunks);
  return rest;
}

const chunkEvent = (chunk: Record<string, unknown>): SseEvent =>
  ({ data: JSON.stringify(chunk) }) as SseEvent;
const openAIChunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
  chunkEvent({
    id: 'chatcmpl-up',
    object: 'chat.completion.chunk',
    created: 1_770_000_000,
    model: 'gpt-4o-2024-08-06',
    system_fingerprint: 'fp_1',
    choices,
    usage: null,
    ...extra,
  });

describe('createChatRelay: streams', () => {
  const recorded = readChunkEvents(fixtureUrl('openai-text.chunks.txt'));

  it('forwards the recorded OpenAI stream: every chunk meets the schema, model is the public id', () => {
    const { chunks, usage } = relayEvents(recorded, true, 'gpt-4-1-nano');
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks) expect(validateChunk(chunk)).toEqual([]);
    expect(new Set(chunks.map((chunk) => chunk.model))).toEqual(new Set(['gpt-4-1-nano']));
    // The upstream's id stays (the same in every chunk), and fields outside the contract pass through.
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks[1]).toHaveProperty('obfuscation');
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage).toMatchObject({
      prompt_tokens: 16,
      completion_tokens: 300,
      total_tokens: 316,
    });
    expect(usage).toMatchObject({ prompt_tokens: 16, completion_tokens: 300, total_tokens: 316 });
  });

  it('says what the translator says, except the ids and the fields outside the contract', () => {
    const relayed = relayEvents(recorded, true, 'gpt-4-1-nano').chunks;
    const translated = translateEvents(recorded, 'gpt-4-1-nano');
    expect(comparable(relayed)).toEqual(comparable(translated));
  });

  it('holds the usage chunk back when the client did not ask for it, and still reports the usage', () => {
    const { chunks, usage } = relayEvents(recorded, false);
    expect(chunks.some((chunk) => chunk.choices.length === 0)).toBe(false);
    expect(usage).toMatchObject({ total_tokens: 316 });
  });

  it('never writes [DONE] (the gateway ends the stream) and drops blank events', () => {
    const { text } = relayEvents([{ data: '' } as SseEvent, ...recorded], true);
    expect(text).not.toContain('[DONE]');
    expect(text.startsWith('data: {')).toBe(true);
  });

  it('translates a stream whose first chunk fails the contract (Azure: object "")', () => {
    const events = readChunkEvents(fixtureUrl('azure-model-router.1.chunks.txt'));
    const { chunks } = relayEvents(events, true);
    for (const chunk of chunks) expect(validateChunk(chunk)).toEqual([]);
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
    expect(comparable(chunks)).toEqual(comparable(translateEvents(events)));
  });

  it('translates a later chunk that fails the contract, keeping the id the client has seen', () => {
    const events = [
      openAIChunk([
        { index: 0, delta: { role: 'assistant', content: 'Hel' }, logprobs: null, finish_reason: null },
      ]),
      // A chunk without finish_reason (as Grok and Qwen send): outside the contract.
      openAIChunk([{ index: 0, delta: { content: 'lo' } }]),
      openAIChunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]),
      { data: '[DONE]' } as SseEvent,
    ];
    const { chunks } = relayEvents(events, false);
    for (const chunk of chunks) expect(validateChunk(chunk)).toEqual([]);
    expect(new Set(chunks.map((chunk) => chunk.id))).toEqual(new Set(['chatcmpl-up']));
    expect(accumulateChunks(chunks).choices[0]?.message.content).toBe('Hello');
    expect(accumulateChunks(chunks).choices[0]?.finish_reason).toBe('stop');
  });

  it('relays a valid chunk of another shape (keys in another order) after checking it in full', () => {
    const reordered: SseEvent = {
      data: JSON.stringify({
        choices: [{ index: 0, delta: { content: 'x' }, logprobs: null, finish_reason: null }],
        model: 'gpt-4o-2024-08-06',
        created: 1_770_000_000,
        object: 'chat.completion.chunk',
        id: 'chatcmpl-up',
      }),
    } as SseEvent;
    const events = [
      openAIChunk([
        { index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null },
      ]),
      reordered,
      openAIChunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]),
      { data: '[DONE]' } as SseEvent,
    ];
    const { chunks } = relayEvents(events, false);
    expect(chunks).toHaveLength(3);
    expect(chunks[1]?.model).toBe('gpt-4o');
    expect(chunks[1]?.choices[0]?.delta.content).toBe('x');
    // Another snapshot named mid-stream is still answered under the public id.
    const other = openAIChunk([{ index: 0, delta: { content: 'y' }, logprobs: null, finish_reason: null }], {
      model: 'gpt-4o-2024-11-20',
    });
    const mixed = relayEvents([events[0]!, other, ...events.slice(2)], false).chunks;
    expect(mixed.map((received) => received.model)).toEqual(['gpt-4o', 'gpt-4o', 'gpt-4o']);
  });

  it('throws the vendor error of an error event, and a cut-stream error for a stream that stops early', () => {
    const started = openAIChunk([
      { index: 0, delta: { role: 'assistant', content: 'Hi' }, logprobs: null, finish_reason: null },
    ]);
    const stream = relay.stream(createContext({ request: createRequest({ stream: true }) }));
    stream.push(started);
    const error = catchProviderError(() =>
      stream.push({
        data: '{"error":{"message":"The server had an error","type":"server_error"}}',
      } as SseEvent),
    );
    expect(error.status).toBeGreaterThanOrEqual(500);

    const cut = relay.stream(createContext({ request: createRequest({ stream: true }) }));
    cut.push(started);
    expect(catchProviderError(() => cut.finish()).code).toBe('upstream_stream_incomplete');
    // Without [DONE], a finish reason on every choice still ends a stream cleanly.
    const ended = relay.stream(createContext({ request: createRequest({ stream: true }) }));
    ended.push(started);
    ended.push(openAIChunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]));
    expect(ended.finish()).toBe('');
  });

  it('translates a usage chunk that fails the contract (details sent as null) instead of failing the stream', () => {
    const events = [
      openAIChunk([
        { index: 0, delta: { role: 'assistant', content: 'Hi' }, logprobs: null, finish_reason: null },
      ]),
      openAIChunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]),
      openAIChunk([], {
        usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4, prompt_tokens_details: null },
      }),
      { data: '[DONE]' } as SseEvent,
    ];
    const { chunks, usage } = relayEvents(events, true);
    for (const chunk of chunks) expect(validateChunk(chunk)).toEqual([]);
    expect(usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 });
    expect(chunks.at(-1)?.usage).toMatchObject({ total_tokens: 4 });
    expect(new Set(chunks.map((chunk) => chunk.id))).toEqual(new Set(['chatcmpl-up']));
  });

  it('refuses an event that is not JSON', () => {
    const stream = relay.stream(createContext({ request: createRequest({ stream: true }) }));
    expect(catchProviderError(() => stream.push({ data: '{"id":' } as SseEvent)).code).toBe(
      'upstream_malformed_response',
    );
  });
});

describe('createChatRelay: whole answers', () => {
  const recorded = readFixture(fixtureUrl('openai-text.json'));

  it("forwards OpenAI's pretty-printed answer as written, with the public model", () => {
    const context = createContext({ publicModel: 'gpt-4-1-nano' });
    const { text, usage } = relay.response(recorded, context);
    const body = JSON.parse(text) as ChatCompletion;
    expect(validateCompletion(body)).toEqual([]);
    expect(body.model).toBe('gpt-4-1-nano');
    expect(text.replace('"gpt-4-1-nano"', '"gpt-4.1-nano-2025-04-14"')).toBe(recorded);
    expect(usage).toEqual(convertChatResponse(JSON.parse(recorded), context, openAIChatDialect).usage);
    const {
      id: _a,
      created: _b,
      ...translated
    } = convertChatResponse(JSON.parse(recorded), context, openAIChatDialect);
    expect(body).toMatchObject(translated);
  });

  it('translates an answer that fails the contract (a vendor that leaves out refusal)', () => {
    const vendor = JSON.parse(recorded) as { choices: Array<{ message: Record<string, unknown> }> };
    delete vendor.choices[0]!.message.refusal;
    const { text } = relay.response(JSON.stringify(vendor), createContext());
    const body = JSON.parse(text) as ChatCompletion;
    expect(validateCompletion(body)).toEqual([]);
    expect(body.choices[0]?.message.refusal).toBeNull();
    expect(body.id).toBe('chatcmpl-llmux-1');
  });

  it('throws for a body that is not JSON and for an error inside a 200', () => {
    expect(catchProviderError(() => relay.response('<html>', createContext())).code).toBe(
      'upstream_malformed_response',
    );
    const error = catchProviderError(() =>
      relay.response('{"error":{"message":"overloaded","type":"server_error"}}', createContext()),
    );
    expect(error.status).toBeGreaterThanOrEqual(500);
  });
});

describe('replaceModel', () => {
  it('rewrites the first model member with that value, spaces around the colon allowed', () => {
    expect(replaceModel('{"id":"x","model":"a","n":1}', 'a', 'b')).toBe('{"id":"x","model":"b","n":1}');
    expect(replaceModel('{\n  "model" : "a"\n}', 'a', 'b')).toBe('{\n  "model" : "b"\n}');
  });

  it('leaves text that only mentions the model inside a string, and other values, alone', () => {
    const content = JSON.stringify({ content: '"model":"a"', model: 'a' });
    expect(replaceModel(content, 'a', 'b')).toBe(JSON.stringify({ content: '"model":"a"', model: 'b' }));
    expect(replaceModel('{"model":"c"}', 'a', 'b')).toBe('{"model":"c"}');
    expect(replaceModel('{"model":"a\\"x"}', 'a"x', 'b')).toBe('{"model":"b"}');
  });
});

describe('the OpenAI adapter offers the relay', () => {
  it('on every call, unless the deployment turns it off', () => {
    expect(convertChatRequest(createRequest(), createTarget(), openAIChatDialect).relay).toBeDefined();
    expect(
      convertChatRequest(createRequest(), createTarget({ options: { relay: false } }), openAIChatDialect)
        .relay,
    ).toBeUndefined();
  });
});
