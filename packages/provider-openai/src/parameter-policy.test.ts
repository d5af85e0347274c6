import { getModel, listModels } from '@llmux/catalog';
import type { ChatCompletionRequest } from '@llmux/contract';
import {
  checkParameters,
  isProviderError,
  type ProviderAdapter,
  SUPPORT_FIELDS,
  type UpstreamCall,
  type UpstreamTarget,
} from '@llmux/provider-kit';
import { describe, expect, it } from 'vitest';
import { createOpenAIChatAdapter } from './chat/chat-dialect-adapter.js';
import { OPENAI_BASE_URL } from './chat/openai-chat-dialect.js';
import { createOpenAIResponsesAdapter } from './responses/responses-adapter.js';

// The path a request really takes: the gateway (and callAdapter) run checkParameters with the adapter's
// support table, then toUpstream. The two must agree: what the table refuses the adapter could not have
// served, and what it lets through is served or refused by the adapter itself, never silently changed.

function targetOf(modelId: string, protocol: 'openai-chat' | 'openai-responses'): UpstreamTarget {
  const model = getModel(modelId);
  if (!model) throw new Error(`${modelId} is not in the catalog`);
  const endpoint = model.endpoints.find(
    (candidate) => candidate.provider === 'openai' && candidate.protocol === protocol,
  );
  if (!endpoint) throw new Error(`${modelId} has no OpenAI ${protocol} endpoint`);
  return {
    publicModel: model.id,
    upstreamModel: endpoint.upstreamModel,
    baseUrl: OPENAI_BASE_URL,
    apiKey: 'key-test',
    capabilities: model.capabilities,
    maxOutputTokens: model.maxOutputTokens,
    ...(endpoint.options ? { options: endpoint.options } : {}),
  };
}

/** checkParameters then toUpstream, as the gateway does. */
function send(
  adapter: ProviderAdapter,
  target: UpstreamTarget,
  extra: Partial<ChatCompletionRequest>,
): UpstreamCall {
  const request: ChatCompletionRequest = {
    model: target.publicModel,
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ],
    ...extra,
  };
  checkParameters(request, adapter.parameterSupport(target.capabilities));
  return adapter.toUpstream(request, target);
}

function refusal(run: () => unknown): { status: number; param?: string | null } {
  try {
    run();
  } catch (error) {
    if (isProviderError(error)) return { status: error.status, param: error.param };
    throw error;
  }
  throw new Error('expected a ProviderError');
}

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', parameters: { type: 'object', properties: {} } },
};

describe.each([
  ['Chat, gpt-5', createOpenAIChatAdapter(), () => targetOf('gpt-5', 'openai-chat')],
  [
    'Responses, gpt-5-codex',
    createOpenAIResponsesAdapter(),
    () => targetOf('gpt-5-codex', 'openai-responses'),
  ],
] as const)('OpenAI %s: default values of knobs the model lacks', (_name, adapter, target) => {
  it('serves temperature 1, top_p 1 and parallel_tool_calls true by leaving out what the model lacks, with warnings', () => {
    const { request, warnings } = send(adapter, target(), {
      temperature: 1,
      top_p: 1,
      tools: [weatherTool],
      parallel_tool_calls: true,
    });
    expect(request.body).not.toHaveProperty('temperature');
    expect(request.body).not.toHaveProperty('top_p');
    expect(warnings.map((warning) => [warning.param, warning.action])).toEqual(
      expect.arrayContaining([
        ['temperature', 'dropped'],
        ['top_p', 'dropped'],
      ]),
    );
  });
});

describe('OpenAI Chat: checkParameters then toUpstream', () => {
  const chat = createOpenAIChatAdapter();
  const gpt5 = targetOf('gpt-5', 'openai-chat');
  const gpt51 = targetOf('gpt-5-1', 'openai-chat');

  it('sends max_completion_tokens and developer instructions to a reasoning model', () => {
    const { request } = send(chat, gpt5, { max_tokens: 64 });
    expect(request.body).toMatchObject({
      max_completion_tokens: 64,
      messages: [{ role: 'developer', content: 'Be brief.' }, { role: 'user' }],
    });
    expect(request.body).not.toHaveProperty('max_tokens');
  });

  it('refuses what a reasoning model rejects with a 400 naming the parameter', () => {
    for (const [param, extra] of [
      ['temperature', { temperature: 0.2 }],
      ['top_p', { top_p: 0.5 }],
      ['frequency_penalty', { frequency_penalty: 0.5 }],
      ['presence_penalty', { presence_penalty: 0.5 }],
      ['logit_bias', { logit_bias: { '50256': -100 } }],
    ] as const) {
      expect(refusal(() => send(chat, gpt5, extra))).toEqual({ status: 400, param });
    }
  });

  it('serves gpt-5.1 sampling knobs when reasoning is off (reasoning_effort "none")', () => {
    const { request } = send(chat, gpt51, { reasoning_effort: 'none', temperature: 0.7, top_p: 0.9 });
    expect(request.body).toMatchObject({ reasoning_effort: 'none', temperature: 0.7, top_p: 0.9 });
  });

  it('still refuses gpt-5.1 sampling knobs while it reasons', () => {
    expect(refusal(() => send(chat, gpt51, { reasoning_effort: 'low', temperature: 0.7 }))).toEqual({
      status: 400,
      param: 'temperature',
    });
    expect(refusal(() => send(chat, gpt51, { temperature: 0.7 }))).toEqual({
      status: 400,
      param: 'temperature',
    });
  });

  it('always asks the upstream for stream usage, whatever the client asked', () => {
    const { request } = send(chat, gpt5, { stream: true, stream_options: { include_usage: false } });
    expect(request.body.stream_options).toEqual({ include_usage: true });
  });
});

describe('OpenAI Responses: checkParameters then toUpstream', () => {
  const responses = createOpenAIResponsesAdapter();
  const codex = targetOf('gpt-5-codex', 'openai-responses');

  it('refuses other sampling values, penalties, stop, seed and logit_bias with a 400 naming them', () => {
    for (const [param, extra] of [
      ['temperature', { temperature: 0.2 }],
      ['top_p', { top_p: 0.5 }],
      ['frequency_penalty', { frequency_penalty: 0.5 }],
      ['presence_penalty', { presence_penalty: 0.5 }],
      ['stop', { stop: 'END' }],
      ['seed', { seed: 1 }],
      ['logit_bias', { logit_bias: { '50256': -100 } }],
    ] as const) {
      expect(refusal(() => send(responses, codex, extra))).toEqual({ status: 400, param });
    }
  });

  it('lets n through checkParameters for the gateway to fan out, and says so when called directly', () => {
    const { request, warnings } = send(responses, codex, { n: 3 });
    expect(request.body).not.toHaveProperty('n');
    expect(warnings).toContainEqual(expect.objectContaining({ param: 'n', action: 'emulated' }));
  });

  it('gives gpt-5-pro only effort high and the codex aliases their own effort', () => {
    const pro = targetOf('gpt-5-pro', 'openai-responses');
    expect(send(responses, pro, { reasoning_effort: 'high' }).request.body.reasoning).toMatchObject({
      effort: 'high',
    });
    expect(refusal(() => send(responses, pro, { reasoning_effort: 'low' }))).toEqual({
      status: 400,
      param: 'reasoning_effort',
    });
    for (const [alias, effort] of [
      ['gpt-5-codex-high', 'high'],
      ['gpt-5-codex-low', 'low'],
    ] as const) {
      const target = targetOf(alias, 'openai-responses');
      const { request } = send(responses, target, {});
      expect(request.body).toMatchObject({ model: 'gpt-5-codex', reasoning: { effort }, store: false });
    }
  });
});

describe('every OpenAI catalog model, both adapters: the defaults the support table accepts are served', () => {
  const cases = listModels().flatMap((model) =>
    model.endpoints
      .filter((endpoint) => endpoint.provider === 'openai')
      .filter((endpoint) => endpoint.protocol === 'openai-chat' || endpoint.protocol === 'openai-responses')
      .map((endpoint) => [model.id, endpoint.protocol as 'openai-chat' | 'openai-responses'] as const),
  );

  it('finds the models', () => expect(cases.length).toBeGreaterThan(10));

  it.each(cases)('%s (%s)', (id, protocol) => {
    const adapter = protocol === 'openai-chat' ? createOpenAIChatAdapter() : createOpenAIResponsesAdapter();
    const target = targetOf(id, protocol);
    const support = adapter.parameterSupport(target.capabilities);
    for (const field of SUPPORT_FIELDS.filter((name) => 'acceptedValue' in support[name])) {
      const extra = {
        [field]: support[field].acceptedValue,
        ...(field === 'parallel_tool_calls' && target.capabilities.tools ? { tools: [weatherTool] } : {}),
      } as Partial<ChatCompletionRequest>;
      const { request, warnings } = send(adapter, target, extra);
      expect(request.body, `${field} at its default is left out`).not.toHaveProperty(field);
      expect(warnings.map((warning) => warning.param)).toContain(field);
    }
  });
});
