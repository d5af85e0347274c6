import {
  ApiError,
  FunctionCallingConfigMode,
  type GenerateContentResponse,
  GoogleGenAI,
  type Tool,
  Type,
} from '@google/genai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../simulator.js';

// The official SDK as the client: if it parses every answer as it parses Google's (text, thoughts,
// function calls, usage, streams, errors), adapters and the gateway can be tested against the simulator.
let simulator: Simulator;
let client: GoogleGenAI;

beforeAll(async () => {
  simulator = await createSimulator({ now: () => 1_700_000_000_000 });
  client = new GoogleGenAI({
    apiKey: 'test-key',
    // v1beta, as the llmux adapter calls it (the SDK's own default is v1; the simulator serves both).
    httpOptions: {
      baseUrl: simulator.baseUrlFor('gemini'),
      apiVersion: 'v1beta',
      retryOptions: { attempts: 1 },
    },
  });
});
beforeEach(() => simulator.reset());
afterAll(() => simulator.close());

const weatherTool: Tool = {
  functionDeclarations: [
    {
      name: 'get_weather',
      parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } }, required: ['city'] },
    },
  ],
};

async function collect(stream: AsyncGenerator<GenerateContentResponse>): Promise<GenerateContentResponse[]> {
  const chunks: GenerateContentResponse[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('Gemini simulator, read by the official @google/genai SDK', () => {
  it('counts tokens (models.countTokens): the prompt estimate, or the scenario usage', async () => {
    const estimated = await client.models.countTokens({ model: 'gemini-2.5-flash', contents: 'Hello there' });
    expect(estimated.totalTokens).toBeGreaterThan(0);
    simulator.enqueue({ text: 'unused', usage: { promptTokens: 321, completionTokens: 1 } });
    const scripted = await client.models.countTokens({ model: 'gemini-2.5-flash', contents: 'Hello there' });
    expect(scripted.totalTokens).toBe(321);
    expect(simulator.requests.map((request) => request.path)).toEqual([
      '/v1beta/models/gemini-2.5-flash:countTokens',
      '/v1beta/models/gemini-2.5-flash:countTokens',
    ]);
  });

  it('answers generateContent with text, thoughts and usage', async () => {
    simulator.enqueue({
      text: 'Hi there!',
      reasoning: 'The user greets me.',
      usage: { promptTokens: 5, completionTokens: 9, reasoningTokens: 4, cachedTokens: 2 },
    });
    const response = await client.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'Hello',
      config: { thinkingConfig: { includeThoughts: true } },
    });
    expect(response.text).toBe('Hi there!');
    expect(response.candidates?.[0]?.content?.parts).toEqual([
      { text: 'The user greets me.', thought: true },
      { text: 'Hi there!' },
    ]);
    expect(response.candidates?.[0]?.finishReason).toBe('STOP');
    expect(response.usageMetadata).toMatchObject({
      promptTokenCount: 5,
      candidatesTokenCount: 5,
      thoughtsTokenCount: 4,
      cachedContentTokenCount: 2,
      totalTokenCount: 14,
    });
    expect(response.modelVersion).toBe('gemini-2.5-flash');
    expect(response.responseId).toBe('sim-sim000001');

    const recorded = simulator.requests[0]!;
    expect(recorded.protocol).toBe('gemini');
    expect(recorded.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(recorded.headers['x-goog-api-key']).toBe('test-key');
  });

  it('answers a function call, signed, that the SDK exposes as functionCalls', async () => {
    const response = await client.models.generateContent({
      model: 'gemini-3-pro-preview',
      contents: 'Weather in Paris?',
      config: {
        tools: [weatherTool],
        toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.ANY } },
      },
    });
    expect(response.functionCalls).toEqual([{ name: 'get_weather', args: { city: 'example' } }]);
    expect(response.candidates?.[0]?.content?.parts?.[0]?.thoughtSignature).toEqual(expect.any(String));
    expect(response.candidates?.[0]?.finishReason).toBe('STOP');
  });

  it('streams text and thoughts over SSE, the finish reason and final usage on the last chunk', async () => {
    simulator.enqueue({
      text: 'Streaming works fine.',
      reasoning: 'Think first.',
      chunkSize: 5,
      usage: { promptTokens: 3, completionTokens: 10, reasoningTokens: 3 },
    });
    const chunks = await collect(
      await client.models.generateContentStream({ model: 'gemini-2.5-pro', contents: 'Stream please' }),
    );
    expect(simulator.requests[0]!.path).toBe('/v1beta/models/gemini-2.5-pro:streamGenerateContent');
    expect(simulator.requests[0]!.query.get('alt')).toBe('sse');
    const parts = chunks.flatMap((chunk) => chunk.candidates?.[0]?.content?.parts ?? []);
    expect(
      parts
        .filter((part) => part.thought)
        .map((part) => part.text)
        .join(''),
    ).toBe('Think first.');
    expect(chunks.map((chunk) => chunk.text ?? '').join('')).toBe('Streaming works fine.');
    const last = chunks.at(-1)!;
    expect(last.candidates?.[0]?.finishReason).toBe('STOP');
    expect(chunks.slice(0, -1).every((chunk) => chunk.candidates?.[0]?.finishReason === undefined)).toBe(
      true,
    );
    expect(last.usageMetadata).toMatchObject({
      promptTokenCount: 3,
      candidatesTokenCount: 7,
      thoughtsTokenCount: 3,
    });
  });

  it('streams parallel function calls whole, one part each', async () => {
    simulator.enqueue({
      toolCalls: [
        { name: 'get_weather', arguments: '{"city":"Paris"}' },
        { name: 'get_weather', arguments: '{"city":"Rome"}' },
      ],
    });
    const chunks = await collect(
      await client.models.generateContentStream({
        model: 'gemini-3-flash-preview',
        contents: 'Weather in Paris and Rome?',
        config: { tools: [weatherTool] },
      }),
    );
    expect(chunks.flatMap((chunk) => chunk.functionCalls ?? [])).toEqual([
      { name: 'get_weather', args: { city: 'Paris' } },
      { name: 'get_weather', args: { city: 'Rome' } },
    ]);
    expect(chunks.at(-1)!.candidates?.[0]?.finishReason).toBe('STOP');
  });

  it('serves the SDK default API version (v1) too', async () => {
    const v1 = new GoogleGenAI({
      apiKey: 'test-key',
      httpOptions: { baseUrl: simulator.baseUrlFor('gemini'), retryOptions: { attempts: 1 } },
    });
    simulator.enqueue({ text: 'v1 works' });
    const response = await v1.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x' });
    expect(response.text).toBe('v1 works');
    expect(simulator.requests[0]!.path).toBe('/v1/models/gemini-2.5-flash:generateContent');
  });

  it('answers several candidates for candidateCount', async () => {
    simulator.enqueue({ text: 'same' });
    const response = await client.models.generateContent({
      model: 'gemini-2.0-flash',
      contents: 'Two please',
      config: { candidateCount: 2 },
    });
    expect(
      response.candidates?.map((candidate) => [candidate.index, candidate.content?.parts?.[0]?.text]),
    ).toEqual([
      [0, 'same'],
      [1, 'same'],
    ]);
  });

  it('takes a tool loop back with the signature and answers the tool result with text', async () => {
    const call = await client.models.generateContent({
      model: 'gemini-3-pro-preview',
      contents: 'Weather in Paris?',
      config: { tools: [weatherTool] },
    });
    const modelTurn = call.candidates![0]!.content!;
    const answer = await client.models.generateContent({
      model: 'gemini-3-pro-preview',
      contents: [
        { role: 'user', parts: [{ text: 'Weather in Paris?' }] },
        modelTurn,
        { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temp: 21 } } }] },
      ],
      config: { tools: [weatherTool] },
    });
    expect(answer.text).toContain('Simulated answer from gemini-3-pro-preview');
  });

  it('refuses, as Gemini 3 does, a tool loop whose call lost its thought signature', async () => {
    const error = await client.models
      .generateContent({
        model: 'gemini-3-pro-preview',
        contents: [
          { role: 'user', parts: [{ text: 'Weather?' }] },
          { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }] },
          { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temp: 21 } } }] },
        ],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).message).toContain('thought_signature');
  });

  it('refuses penalties on Gemini 2.5 with Google’s message', async () => {
    const error = await client.models
      .generateContent({ model: 'gemini-2.5-flash', contents: 'x', config: { presencePenalty: 0.5 } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toContain('Penalty is not enabled for models/gemini-2.5-flash');
  });

  it('answers errors in Google’s shape, which the SDK raises as ApiError with the status', async () => {
    simulator.enqueue({ error: { status: 429, message: 'Resource has been exhausted' } });
    const error = await client.models
      .generateContent({ model: 'gemini-2.5-flash', contents: 'x' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(429);
    expect(JSON.parse((error as ApiError).message)).toEqual({
      error: { code: 429, message: 'Resource has been exhausted', status: 'RESOURCE_EXHAUSTED' },
    });
  });

  it('reports a mid-stream error as an error chunk the SDK throws', async () => {
    simulator.enqueue({ text: 'partial answer here', chunkSize: 4, errorEventAfterEvents: 2 });
    const received: string[] = [];
    const run = async () => {
      for await (const chunk of await client.models.generateContentStream({
        model: 'gemini-2.5-flash',
        contents: 'x',
      }))
        received.push(chunk.text ?? '');
    };
    await expect(run()).rejects.toThrow(/INTERNAL|server had an error/);
    expect(received.join('')).toBe('partial ');
  });
});
