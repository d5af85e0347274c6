import { ProviderError } from '@llmux/provider-kit';
import { describe, expect, it } from 'vitest';
import { parseGeminiCountTokensRequest, parseGeminiRequest } from './parse-request.js';
import { locationOf, readGeminiCliRequests } from './test-support.js';

const BODY = { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] };

function caught(run: () => unknown): ProviderError {
  try {
    run();
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

describe('parseGeminiRequest', () => {
  it('takes the model from the path, without a models/ prefix', () => {
    const location = {
      ...locationOf('/v1beta/models/x:generateContent'),
      params: { model: 'models/gpt-5-2' },
    };
    expect(parseGeminiRequest(BODY, location)).toMatchObject({ model: 'gpt-5-2', stream: false });
  });

  it('streams as SSE with alt=sse', () => {
    const parsed = parseGeminiRequest(
      BODY,
      locationOf('/v1beta/models/gpt-5-2:streamGenerateContent?alt=sse'),
    );
    expect(parsed.stream).toBe(true);
    expect(parsed.streamContentType).toBeUndefined();
    expect(parsed.request).toMatchObject({ framing: 'sse', stream: true });
  });

  it("streams as Gemini's JSON array without alt=sse", () => {
    const parsed = parseGeminiRequest(BODY, locationOf('/v1/models/gpt-5-2:streamGenerateContent'));
    expect(parsed).toMatchObject({ stream: true, streamContentType: 'application/json' });
    expect(parsed.request.framing).toBe('json-array');
  });

  it('keeps fields it does not read, for the relay', () => {
    const parsed = parseGeminiRequest(
      { ...BODY, labels: { team: 'a' } },
      locationOf('/v1beta/models/g:generateContent'),
    );
    expect(parsed.request.body).toHaveProperty('labels', { team: 'a' });
  });

  it('names an invalid field in Gemini notation', () => {
    const body = { contents: [{ role: 'user', parts: [{ text: 'a' }, { inlineData: { data: 'x' } }] }] };
    const error = caught(() => parseGeminiRequest(body, locationOf('/v1beta/models/g:generateContent')));
    expect(error.status).toBe(400);
    expect(error.type).toBe('invalid_request_error');
    expect(error.param).toBe('contents[0].parts[1].inlineData.mimeType');
  });

  it('refuses a body without contents, a non-object body and a URL without a model', () => {
    expect(caught(() => parseGeminiRequest({}, locationOf('/v1beta/models/g:generateContent'))).param).toBe(
      'contents',
    );
    expect(caught(() => parseGeminiRequest([], locationOf('/v1beta/models/g:generateContent'))).status).toBe(
      400,
    );
    expect(caught(() => parseGeminiRequest(BODY, locationOf('/v1beta/generateContent'))).param).toBe('model');
  });

  it('takes lower-case thinking levels as Gemini does', () => {
    const body = { ...BODY, generationConfig: { thinkingConfig: { thinkingLevel: 'low' } } };
    const parsed = parseGeminiRequest(body, locationOf('/v1beta/models/g:generateContent'));
    expect(parsed.request.body.generationConfig?.thinkingConfig?.thinkingLevel).toBe('low');
    const wrong = { ...BODY, generationConfig: { thinkingConfig: { thinkingLevel: 'huge' } } };
    expect(
      caught(() => parseGeminiRequest(wrong, locationOf('/v1beta/models/g:generateContent'))).param,
    ).toBe('generationConfig.thinkingConfig.thinkingLevel');
  });

  it.each(readGeminiCliRequests())("parses gemini-cli's recorded $name", ({ url, body }) => {
    const parsed = parseGeminiRequest(body, locationOf(url));
    expect(parsed.stream).toBe(url.includes(':streamGenerateContent'));
    expect(parsed.request.body.contents.length).toBeGreaterThan(0);
  });
});

describe('parseGeminiCountTokensRequest', () => {
  const location = locationOf('/v1beta/models/gpt-5-2:countTokens');

  it('takes bare contents or a whole generateContentRequest', () => {
    expect(parseGeminiCountTokensRequest(BODY, location).request.contents).toHaveLength(1);
    const wrapped = parseGeminiCountTokensRequest(
      { generateContentRequest: { ...BODY, systemInstruction: { parts: [{ text: 'sys' }] } } },
      location,
    );
    expect(wrapped.request.systemInstruction?.parts[0]?.text).toBe('sys');
    expect(wrapped.model).toBe('gpt-5-2');
  });

  it('refuses a body with neither', () => {
    expect(caught(() => parseGeminiCountTokensRequest({}, location)).param).toBe('contents');
  });
});
