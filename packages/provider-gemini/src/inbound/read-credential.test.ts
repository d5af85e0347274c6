import { describe, expect, it } from 'vitest';
import { readGeminiCredential } from './read-credential.js';

const none = new URLSearchParams();

describe('readGeminiCredential', () => {
  it('reads x-goog-api-key first', () => {
    const headers = { 'x-goog-api-key': ' k1 ', authorization: 'Bearer k3' };
    expect(readGeminiCredential(headers, new URLSearchParams('key=k2'))).toBe('k1');
  });

  it('then the key query parameter', () => {
    expect(readGeminiCredential({ authorization: 'Bearer k3' }, new URLSearchParams('alt=sse&key=k2'))).toBe(
      'k2',
    );
  });

  it('then a Bearer token', () => {
    expect(readGeminiCredential({ authorization: 'Bearer k3' }, none)).toBe('k3');
  });

  it('finds none in other schemes or empty values', () => {
    expect(readGeminiCredential({ authorization: 'Basic abc', 'x-goog-api-key': '' }, none)).toBeUndefined();
    expect(readGeminiCredential({}, new URLSearchParams('key='))).toBeUndefined();
  });
});
