import { getModel } from '@llmux/catalog';
import { ProviderError } from '@llmux/provider-kit';
import { describe, expect, it } from 'vitest';
import { createRequestState } from '../pipeline/request-state.js';
import type { Deployment, ModelEntry } from '../routing/deployments.js';
import {
  attemptAttributes,
  describeError,
  outcomeAttributes,
  requestAttributes,
  scanFinishReasons,
  systemAttributes,
} from './gen-ai-attributes.js';

const model = getModel('gpt-4o-mini') as unknown as ModelEntry;

function deployment(overrides: Partial<Deployment> = {}): Deployment {
  return {
    name: 'openai:gpt-4o-mini#0',
    model,
    provider: 'openai',
    protocol: 'openai-chat',
    upstreamModel: 'gpt-4o-mini',
    baseUrl: 'https://api.openai.com/v1',
    apiKey: 'sk-must-never-appear',
    priority: 0,
    weight: 1,
    options: undefined,
    pricing: null,
    ...overrides,
  } as Deployment;
}

describe('systemAttributes', () => {
  it.each([
    ['openai', 'openai', 'openai'],
    ['gemini', 'gcp.gemini', 'gcp.gemini'],
    ['xai', 'xai', 'x_ai'],
    ['zhipu', 'zhipu', 'zhipu'],
  ])('%s → gen_ai.system %s, gen_ai.provider.name %s', (provider, system, providerName) => {
    expect(systemAttributes(provider)).toEqual({
      'gen_ai.system': system,
      'gen_ai.provider.name': providerName,
    });
  });
});

describe('requestAttributes', () => {
  it('names the model and the sampling settings the client set, and nothing it did not', () => {
    expect(
      requestAttributes({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'a secret prompt' }],
        max_completion_tokens: 100,
        max_tokens: 5,
        temperature: 0,
        top_p: 0.9,
        n: 2,
        stream: true,
      }),
    ).toEqual({
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.request.stream': true,
      'gen_ai.request.max_tokens': 100,
      'gen_ai.request.temperature': 0,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.choice.count': 2,
    });
    expect(requestAttributes({ model: 'm', messages: [] })).toEqual({
      'gen_ai.request.model': 'm',
      'gen_ai.request.stream': false,
    });
  });
});

describe('outcomeAttributes', () => {
  it('reads the deployment, the usage and the status from the request state', () => {
    const state = createRequestState('req_1', 'POST', '/v1/chat/completions');
    state.deployment = deployment({ name: 'primary', upstreamModel: 'gpt-4o-mini-2024-07-18' });
    state.model = model;
    state.attempts = 2;
    state.ttftMs = 250;
    state.usage = {
      prompt_tokens: 11,
      completion_tokens: 7,
      total_tokens: 18,
      prompt_tokens_details: { cached_tokens: 4 },
    };
    expect(outcomeAttributes(state, 200)).toEqual({
      'http.request.method': 'POST',
      'http.response.status_code': 200,
      'llmux.attempts': 2,
      'gen_ai.system': 'openai',
      'gen_ai.provider.name': 'openai',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'llmux.deployment': 'primary',
      'llmux.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 11,
      'gen_ai.usage.output_tokens': 7,
      'gen_ai.usage.cache_read.input_tokens': 4,
      'gen_ai.response.time_to_first_chunk': 0.25,
    });
  });

  it('names the error type of a failed request', () => {
    const state = createRequestState('req_2', 'POST', '/v1/chat/completions');
    state.errorType = 'authentication_error';
    expect(outcomeAttributes(state, 401)).toMatchObject({ 'error.type': 'authentication_error' });
    expect(outcomeAttributes(createRequestState('r', 'GET', '/'), 405)).toMatchObject({
      'error.type': '405',
      'http.request.method': 'GET',
    });
  });
});

describe('attemptAttributes', () => {
  it('says where the attempt went (host and port only) and which attempt it is', () => {
    const attributes = attemptAttributes(
      deployment({ baseUrl: 'https://user:pass@gateway.example/v1?key=secret' }),
      3,
      0,
    );
    expect(attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.system': 'openai',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'server.address': 'gateway.example',
      'server.port': 443,
      'llmux.deployment': 'openai:gpt-4o-mini#0',
      'llmux.attempt': 3,
    });
    expect(JSON.stringify(attributes)).not.toMatch(/secret|pass|sk-must-never-appear/);
    expect(attemptAttributes(deployment({ baseUrl: 'http://127.0.0.1:9000' }), 1, 2)).toMatchObject({
      'server.port': 9000,
      'llmux.lane': 2,
    });
  });
});

describe('describeError', () => {
  it('prefers the code, then the type, then the name', () => {
    expect(
      describeError(
        new ProviderError({
          status: 502,
          type: 'upstream_error',
          code: 'upstream_connection_error',
          message: 'x',
        }),
      ),
    ).toBe('upstream_connection_error');
    expect(describeError(new ProviderError({ status: 500, type: 'api_error', message: 'x' }))).toBe(
      'api_error',
    );
    expect(describeError(new TypeError('x'))).toBe('TypeError');
    expect(describeError(undefined)).toBe('error');
  });
});

describe('scanFinishReasons', () => {
  const scan = (text: string) => {
    const reasons: string[] = [];
    scanFinishReasons(text, (reason) => reasons.push(reason));
    return reasons;
  };

  it('finds every finish reason in relayed completion JSON and SSE text', () => {
    expect(
      scan('{"choices":[{"index":0,"finish_reason":"stop"},{"index":1,"finish_reason":"length"}]}'),
    ).toEqual(['stop', 'length']);
    expect(
      scan(
        'data: {"choices":[{"delta":{"content":"a"},"finish_reason":null}]}\n\ndata: {"choices":[{"delta":{},"finish_reason":"tool_calls"}]}\n\n',
      ),
    ).toEqual(['tool_calls']);
  });

  it('is not fooled by content that quotes a finish reason (JSON escapes its quotes)', () => {
    const content = JSON.stringify({ content: 'say "finish_reason":"evil" now' });
    expect(scan(`{"choices":[{"message":${content},"finish_reason":"stop"}]}`)).toEqual(['stop']);
    expect(scan('"finish_reason":"unterminated')).toEqual([]);
  });
});
