import { describe, expect, it } from 'vitest';
import { parseDataUrl, parseToolArguments } from './request-values.js';
import { catchProviderError } from './testing/catch-provider-error.js';

const param = 'messages[3].tool_calls[0].function.arguments';

describe('parseToolArguments', () => {
  it.each([
    ['{"city":"Paris"}', { city: 'Paris' }],
    ['', {}],
    ['  \n', {}],
    ['{}', {}],
  ])('reads %j', (text, expected) => {
    expect(parseToolArguments(text, param)).toEqual(expected);
  });

  it.each(['{"a":', '[1]', 'null', '"text"', '3'])('answers 400 naming the field for %j', (text) => {
    expect(catchProviderError(() => parseToolArguments(text, param))).toMatchObject({
      status: 400,
      type: 'invalid_request_error',
      code: 'invalid_value',
      param,
    });
  });
});

describe('parseDataUrl', () => {
  it('splits media type, parameters and data', () => {
    expect(parseDataUrl('data:Image/PNG;base64,iVBORw0KGgo=')).toEqual({
      mediaType: 'image/png',
      parameters: ['base64'],
      base64: true,
      data: 'iVBORw0KGgo=',
    });
    expect(parseDataUrl('data:text/plain;charset=utf-8,a,b')).toEqual({
      mediaType: 'text/plain',
      parameters: ['charset=utf-8'],
      base64: false,
      data: 'a,b',
    });
    expect(parseDataUrl('data:application/pdf;name=a.pdf;BASE64,JVBERi0=')?.base64).toBe(true);
  });

  it.each(['https://example.com/a.png', 'data:;base64,AAAA', 'data:image/png;base64', 'DATA:image/png,x'])(
    'gives undefined for %j',
    (url) => {
      expect(parseDataUrl(url)).toBeUndefined();
    },
  );
});
