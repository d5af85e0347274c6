import { describe, expect, it } from 'vitest';
import { describeParserRefusal } from './client-error.js';

describe('describeParserRefusal', () => {
  it.each([
    ['ERR_HTTP_REQUEST_TIMEOUT', 408, 'request_timeout'],
    ['HPE_HEADER_OVERFLOW', 431, 'request_header_fields_too_large'],
    ['HPE_INVALID_METHOD', 400, 'malformed_http_request'],
    [undefined, 400, 'malformed_http_request'],
  ])('maps %s to %i %s', (code, status, errorCode) => {
    expect(describeParserRefusal(code)).toMatchObject({ status, code: errorCode });
  });
});
