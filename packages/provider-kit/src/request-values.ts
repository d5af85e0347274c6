import { invalidParameter } from './provider-error.js';

/**
 * A tool call's `function.arguments` (a JSON string) as the object vendors with structured tool
 * inputs (Anthropic `input`, Gemini `functionCall.args`) need. An empty string is `{}`: OpenAI sends
 * `""` for a call without arguments. Anything else that is not a JSON object is a 400 naming `param`,
 * e.g. `messages[3].tool_calls[0].function.arguments`.
 */
export function parseToolArguments(text: string, param: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidParameter(
      param,
      'Tool call arguments must be a JSON object; this string is not valid JSON.',
      'invalid_value',
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidParameter(param, 'Tool call arguments must be a JSON object.', 'invalid_value');
  }
  return value as Record<string, unknown>;
}

/** The parts of a `data:` URL (RFC 2397). */
export interface DataUrl {
  /** Lower-cased, e.g. `image/png`. */
  mediaType: string;
  /** The `;`-separated parameters after the media type, as written (`['base64']`, `['charset=utf-8']`). */
  parameters: string[];
  /** Whether `;base64` is among the parameters, so `data` is base64. */
  base64: boolean;
  /** Everything after the first comma, undecoded. */
  data: string;
}

/**
 * Splits a `data:` URL into media type, parameters and data; `undefined` when `url` is not a data URL
 * with a media type. Each adapter decides on top what it accepts (base64 only, which media types).
 */
export function parseDataUrl(url: string): DataUrl | undefined {
  if (!url.startsWith('data:')) return undefined;
  const comma = url.indexOf(',');
  if (comma === -1) return undefined;
  const [mediaType = '', ...parameters] = url.slice(5, comma).split(';');
  if (mediaType.trim() === '') return undefined;
  return {
    mediaType: mediaType.trim().toLowerCase(),
    parameters,
    base64: parameters.some((parameter) => parameter.trim().toLowerCase() === 'base64'),
    data: url.slice(comma + 1),
  };
}
