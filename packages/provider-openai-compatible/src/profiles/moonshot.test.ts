import { type ChatCompletionRequest, chatCompletionChunkSchema, chatCompletionSchema } from '@llmux/contract';
import { checkParameters } from '@llmux/provider-kit';
import { describe, expect, it } from 'vitest';
import { createOpenAICompatibleAdapter } from '../openai-compatible-adapter.js';
import {
  catchProviderError,
  createContext,
  createRequest,
  createTarget,
  readChunkEvents,
  readJsonFixture,
  replayStream,
} from '../test-support.js';
import { moonshotProfile } from './moonshot.js';

const adapter = createOpenAICompatibleAdapter(moonshotProfile);
// kimi-k2.5 as the catalog describes it: fixed sampling, no `required`.
const kimi = createTarget({
  publicModel: 'kimi-k2.5',
  upstreamModel: 'kimi-k2.5',
  baseUrl: moonshotProfile.defaultBaseUrl,
  capabilities: {
    reasoning: true,
    temperature: null,
    topP: false,
    penalties: false,
    toolChoiceRequired: false,
    parallelToolCalls: false,
    jsonSchema: true,
  },
});

describe('Moonshot profile: request', () => {
  it('refuses a non-default temperature and tool_choice "required" on kimi-k2.5, naming them', () => {
    expect(
      catchProviderError(() => adapter.toUpstream(createRequest({ temperature: 0.3 }), kimi)),
    ).toMatchObject({
      status: 400,
      param: 'temperature',
      message: 'kimi-k2.5 accepts only the default temperature (1); got 0.3',
    });
    const tools = [{ type: 'function' as const, function: { name: 'f' } }];
    expect(
      catchProviderError(() => adapter.toUpstream(createRequest({ tools, tool_choice: 'required' }), kimi)),
    ).toMatchObject({ status: 400, param: 'tool_choice' });
  });

  it('serves the fixed temperature of each mode (1 thinking, 0.6 without) by leaving it out', () => {
    const off = { thinking: { type: 'disabled' } };
    const served = adapter.toUpstream(createRequest({ temperature: 0.6, ...off } as never), kimi);
    expect(served.request.body).not.toHaveProperty('temperature');
    expect(served.warnings).toEqual([expect.objectContaining({ param: 'temperature', action: 'dropped' })]);
    expect(
      catchProviderError(() => adapter.toUpstream(createRequest({ temperature: 1, ...off } as never), kimi)),
    ).toMatchObject({ message: 'kimi-k2.5 accepts only the default temperature (0.6); got 1' });
    expect(adapter.toUpstream(createRequest({ temperature: 1 }), kimi).request.body).not.toHaveProperty(
      'temperature',
    );
  });

  it('lets the gateway check (checkParameters) pass 0.6 with thinking off, and the adapter serve it', () => {
    // The gateway checks the adapter's support table before toUpstream; it must not refuse what the
    // adapter serves, and must leave the refusal of a wrong value to the adapter, which sees `thinking`.
    const support = adapter.parameterSupport(kimi.capabilities);
    const viaGateway = (request: ChatCompletionRequest) => {
      checkParameters(request, support);
      return adapter.toUpstream(request, kimi);
    };
    const off = { thinking: { type: 'disabled' } };
    const served = viaGateway(createRequest({ temperature: 0.6, ...off } as never));
    expect(served.request.body).not.toHaveProperty('temperature');
    expect(served.warnings).toEqual([expect.objectContaining({ param: 'temperature', action: 'dropped' })]);
    expect(viaGateway(createRequest({ temperature: 1 })).request.body).not.toHaveProperty('temperature');
    expect(catchProviderError(() => viaGateway(createRequest({ temperature: 0.3 })))).toMatchObject({
      status: 400,
      param: 'temperature',
    });
    expect(
      catchProviderError(() => viaGateway(createRequest({ temperature: 1, ...off } as never))),
    ).toMatchObject({ status: 400, param: 'temperature' });
  });

  it('strips a top-level $schema from json_schema and forwards thinking', () => {
    const { request } = adapter.toUpstream(
      createRequest({
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: 'x',
            schema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' },
          },
        },
        thinking: { type: 'disabled' },
      } as never),
      kimi,
    );
    expect(request.body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'x', schema: { type: 'object' } },
    });
    expect(request.body.thinking).toEqual({ type: 'disabled' });
  });
});

describe('Moonshot profile: responses and streams', () => {
  it.each(['moonshotai-text.json', 'moonshotai-reasoning.json', 'moonshotai-tool-call.json'])(
    'adds the refusal and logprobs Kimi leaves out (%s)',
    (file) => {
      const completion = adapter.fromResponse(readJsonFixture(`moonshotai/${file}`), createContext());
      expect(chatCompletionSchema.safeParse(completion).success).toBe(true);
      expect(completion.choices[0]).toMatchObject({ logprobs: null, message: { refusal: null } });
    },
  );

  it('reads cached tokens from the top level of usage', () => {
    const completion = adapter.fromResponse(
      readJsonFixture('moonshotai/moonshotai-reasoning.json'),
      createContext(),
    );
    expect(completion.usage).toEqual({
      prompt_tokens: 20,
      completion_tokens: 30,
      total_tokens: 50,
      prompt_tokens_details: { cached_tokens: 10 },
      completion_tokens_details: { reasoning_tokens: 22 },
    });
    expect(completion.choices[0]?.message.reasoning_content).toBe('Let me count the letters carefully.');
  });

  it('adds the object field Kimi chunks lack, and moves usage into its own last chunk', () => {
    const chunks = replayStream(adapter, readChunkEvents('moonshotai/moonshotai-stream.chunks.txt'));
    for (const chunk of chunks) expect(chatCompletionChunkSchema.safeParse(chunk).success).toBe(true);
    expect(chunks.at(-2)?.choices[0]).toMatchObject({ delta: { content: '!' }, finish_reason: 'stop' });
    expect(chunks.at(-2)?.usage).toBeUndefined();
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: 21 } });
  });

  it('does not retry an exhausted balance but retries overload', () => {
    const quota = adapter.fromError(
      429,
      { error: { type: 'exceeded_current_quota_error', message: 'no money' } },
      {},
    );
    expect(quota).toMatchObject({ retryable: false, type: 'insufficient_quota' });
    const overloaded = adapter.fromError(
      429,
      { error: { type: 'engine_overloaded_error', message: 'busy' } },
      {},
    );
    expect(overloaded).toMatchObject({ retryable: true, status: 503 });
  });
});
