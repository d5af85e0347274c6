import { describe, expect, it } from 'vitest';
import { readAnthropicCredential } from './read-credential.js';

const query = new URLSearchParams('key=from-query');

describe('readAnthropicCredential', () => {
  it.each([
    ['x-api-key', { 'x-api-key': 'k1' }, 'k1'],
    ['x-api-key in any case, trimmed', { 'X-Api-Key': ' k1 ' }, 'k1'],
    ['x-api-key before authorization', { 'x-api-key': 'k1', authorization: 'Bearer k2' }, 'k1'],
    ['a bearer token', { authorization: 'Bearer k2' }, 'k2'],
    ['a bearer token, scheme in any case', { authorization: 'bearer k2' }, 'k2'],
    [
      'an empty x-api-key falls back to the bearer token',
      { 'x-api-key': '', authorization: 'Bearer k2' },
      'k2',
    ],
    ['another scheme', { authorization: 'Basic abc' }, undefined],
    ['nothing (the query string is not read)', {}, undefined],
  ])('%s', (_name, headers, expected) => {
    expect(readAnthropicCredential(headers, query)).toBe(expected);
  });

  it('reads a Headers object', () => {
    expect(readAnthropicCredential(new Headers({ 'x-api-key': 'k3' }), query)).toBe('k3');
  });
});
