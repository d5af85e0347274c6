import type { ChatCompletionChunk } from '@llmux/contract';
import { createSimulator, type Simulator } from '@llmux/simulators';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ModelCapabilities, UpstreamTarget } from './adapter.js';
import { callAdapter } from './call-adapter.js';
import { isProviderError } from './provider-error.js';
import { rejectionOf } from './testing/catch-provider-error.js';
import { NO_CAPABILITIES } from './testing/conformance.js';
import { accumulateStream, checkCompletion, checkStreamChunks } from './testing/invariants.js';
import { createReferenceAdapter } from './testing/reference-adapter.js';

const capabilities: ModelCapabilities = {
  ...NO_CAPABILITIES,
  tools: true,
  temperature: { min: 0, max: 2 },
  nativeN: true,
};
let simulator: Simulator;
let target: UpstreamTarget;
const adapter = createReferenceAdapter();
const messages = [{ role: 'user' as const, content: 'Hello' }];

beforeAll(async () => {
  simulator = await createSimulator();
  target = {
    publicModel: 'gpt-4-1',
    upstreamModel: 'gpt-4.1',
    baseUrl: simulator.baseUrlFor('openai'),
    apiKey: 'sk-test',
    capabilities,
    maxOutputTokens: 1000,
  };
});
beforeEach(() => simulator.reset());
afterAll(() => simulator.close());

describe('callAdapter against the simulator', () => {
  it('returns a whole completion under the public model, with a fresh id', async () => {
    simulator.enqueue({ text: 'Hi!' });
    const completion = await callAdapter(adapter, { model: 'gpt-4-1', messages }, target);
    expect(completion.model).toBe('gpt-4-1');
    expect(completion.id).toMatch(/^chatcmpl-[0-9a-f]{24}$/);
    expect(completion.choices[0]!.message.content).toBe('Hi!');
    checkCompletion(completion, {
      ...completionContext(completion),
      request: { model: 'gpt-4-1', messages },
    });
    expect(simulator.requests[0]).toMatchObject({
      path: '/v1/chat/completions',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
      body: { model: 'gpt-4.1', messages },
    });
  });

  it('streams chunks, and keeps the usage chunk only when the client asked', async () => {
    const scenario = { text: 'Streamed answer', chunkSize: 4 };
    simulator.enqueue(scenario, scenario);
    const collect = async (includeUsage: boolean) => {
      const chunks: ChatCompletionChunk[] = [];
      const stream = await callAdapter(
        adapter,
        { model: 'gpt-4-1', messages, stream: true, stream_options: { include_usage: includeUsage } },
        target,
      );
      for await (const chunk of stream) chunks.push(chunk);
      return chunks;
    };
    const withUsage = await collect(true);
    const first = withUsage[0]!;
    checkStreamChunks(withUsage, {
      completionId: first.id,
      created: first.created,
      publicModel: 'gpt-4-1',
      request: { model: 'gpt-4-1', messages },
      generateToolCallId: () => '',
    });
    expect(accumulateStream(withUsage).choices[0]!.content).toBe('Streamed answer');
    expect(withUsage.at(-1)!.usage).toBeTruthy();
    const withoutUsage = await collect(false);
    expect(withoutUsage.some((chunk) => chunk.usage)).toBe(false);
    expect(withoutUsage).toHaveLength(withUsage.length - 1);
    // The upstream was asked for usage both times (billing needs it).
    expect(
      simulator.requests.map((request) => (request.body as { stream_options: unknown }).stream_options),
    ).toEqual([{ include_usage: true }, { include_usage: true }]);
  });

  it('maps an HTTP error through the adapter, with retry-after', async () => {
    simulator.enqueue({ error: { status: 429, headers: { 'retry-after': '3' } } });
    const error = await rejectionOf(callAdapter(adapter, { model: 'gpt-4-1', messages }, target));
    expect(error).toMatchObject({
      status: 429,
      type: 'rate_limit_error',
      retryable: true,
      retryAfterMs: 3000,
    });
  });

  it('refuses a rejected parameter before calling the vendor', async () => {
    const error = await rejectionOf(
      callAdapter(adapter, { model: 'gpt-4-1', messages, logit_bias: { '1': 1 } }, target),
    );
    expect(error).toMatchObject({ status: 400, param: 'logit_bias' });
    expect(simulator.requests).toHaveLength(0);
  });

  it('throws a ProviderError for a cut stream, a malformed event and a refused connection', async () => {
    simulator.enqueue({ text: 'abcdefgh', chunkSize: 2, cutAfterEvents: 2 }, { malformedEventAt: 1 });
    const drain = async () => {
      const stream = await callAdapter(adapter, { model: 'gpt-4-1', messages, stream: true }, target);
      for await (const _chunk of stream) {
        // drain
      }
    };
    expect((await rejectionOf(drain())).status).toBe(502);
    expect((await rejectionOf(drain())).code).toBe('upstream_malformed_response');
    const closed = await createSimulator();
    const baseUrl = closed.baseUrlFor('openai');
    await closed.close();
    const error = await rejectionOf(
      callAdapter(adapter, { model: 'gpt-4-1', messages }, { ...target, baseUrl }),
    );
    expect(error).toMatchObject({ status: 502, code: 'upstream_connection_failed', retryable: true });
    expect(error.message).not.toContain('127.0.0.1');
  });

  it('uses the given fetch, signal and context', async () => {
    let calls = 0;
    const countingFetch: typeof fetch = (input, init) => {
      calls += 1;
      return fetch(input, init);
    };
    const context = {
      completionId: 'chatcmpl-fixed',
      created: 42,
      publicModel: 'gpt-4-1',
      request: { model: 'gpt-4-1', messages },
      generateToolCallId: () => 'call_fixed',
    };
    const completion = await callAdapter(adapter, { model: 'gpt-4-1', messages }, target, {
      fetch: countingFetch,
      context,
    });
    expect(calls).toBe(1);
    expect(completion).toMatchObject({ id: 'chatcmpl-fixed', created: 42 });

    simulator.enqueue({ headerDelayMs: 5000 });
    const controller = new AbortController();
    const pending = callAdapter(adapter, { model: 'gpt-4-1', messages }, target, {
      signal: controller.signal,
    });
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
  });
});

describe('callAdapter when the connection fails after the headers', () => {
  it('reports a stream the adapter cannot translate as a malformed answer, not a retryable connection failure', async () => {
    const failing = {
      ...adapter,
      createStreamTranslator: () => ({
        push: (): never => {
          throw new TypeError("Cannot read properties of undefined (reading 'delta')");
        },
        finish: () => [],
      }),
    };
    simulator.enqueue({ text: 'Hi' });
    const drain = async () => {
      const stream = await callAdapter(failing, { model: 'gpt-4-1', messages, stream: true }, target);
      for await (const _chunk of stream) {
        // drain
      }
    };
    const error = await rejectionOf(drain());
    expect(error).toMatchObject({ status: 502, code: 'upstream_malformed_response', retryable: false });
  });

  it('reports a whole answer the adapter cannot translate as a malformed answer', async () => {
    const failing = {
      ...adapter,
      fromResponse: (): never => {
        throw new TypeError("Cannot read properties of undefined (reading 'message')");
      },
    };
    simulator.enqueue({ text: 'Hi' });
    const error = await rejectionOf(callAdapter(failing, { model: 'gpt-4-1', messages }, target));
    expect(error).toMatchObject({ status: 502, code: 'upstream_malformed_response', retryable: false });
  });

  it('turns a whole body cut mid-read into a retryable ProviderError', async () => {
    simulator.enqueue({ cutAfterEvents: 0 });
    const error = await rejectionOf(callAdapter(adapter, { model: 'gpt-4-1', messages }, target));
    expect(error).toMatchObject({ status: 502, code: 'upstream_connection_failed', retryable: true });
  });

  it('rethrows the abort, not a connection failure, when the caller aborts a stream in progress', async () => {
    simulator.enqueue({ text: 'A slow answer that takes a while', chunkSize: 2, chunkDelayMs: 50 });
    const controller = new AbortController();
    const stream = await callAdapter(adapter, { model: 'gpt-4-1', messages, stream: true }, target, {
      signal: controller.signal,
    });
    const caught = await (async () => {
      try {
        for await (const _chunk of stream) controller.abort();
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(isProviderError(caught), `expected the abort itself, got ${String(caught)}`).toBe(false);
    expect((caught as Error).name).toBe('AbortError');
  });
});

function completionContext(completion: { id: string; created: number }) {
  return {
    completionId: completion.id,
    created: completion.created,
    publicModel: 'gpt-4-1',
    generateToolCallId: () => '',
  };
}
