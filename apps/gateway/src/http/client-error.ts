import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../logger.js';

/** What the gateway answers to a request Node's HTTP parser refused before any handler saw it. */
export interface ParserRefusal {
  status: number;
  reason: string;
  code: string;
  message: string;
}

/**
 * The answer to a `clientError` by its Node error code. A request whose head (or, on a connection left
 * with an unread body, whose whole request) did not arrive within the server's timeouts is a 408 — the
 * slowloris case; headers too large are a 431; anything else the parser refused is a malformed request (400).
 */
export function describeParserRefusal(code: string | undefined): ParserRefusal {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return {
      status: 408,
      reason: 'Request Timeout',
      code: 'request_timeout',
      message: 'The request headers did not arrive in time.',
    };
  }
  if (code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      reason: 'Request Header Fields Too Large',
      code: 'request_header_fields_too_large',
      message: 'The request headers are too large.',
    };
  }
  return {
    status: 400,
    reason: 'Bad Request',
    code: 'malformed_http_request',
    message: 'The HTTP request is malformed.',
  };
}

/**
 * Node's `clientError` listener: the refusal in OpenAI's error shape with a request id, then the connection
 * closed, and one log line with the status (as every request gets).
 */
export function createClientErrorHandler(
  logger: Logger,
  createRequestId: () => string,
): (error: Error, socket: Socket) => void {
  return (error, socket) => {
    const code = (error as { code?: string }).code;
    // A response already under way on this socket (a request whose body was never read to the end, e.g.
    // after an early 401) must not get a second status line in the middle of it.
    const inFlight = (socket as { _httpMessage?: ServerResponse })._httpMessage;
    if (!socket.writable || code?.startsWith('ECONN') || inFlight?.headersSent === true) {
      socket.destroy();
      return;
    }
    const refusal = describeParserRefusal(code);
    const requestId = createRequestId();
    const body = JSON.stringify({
      error: { message: refusal.message, type: 'invalid_request_error', param: null, code: refusal.code },
    });
    socket.end(
      `HTTP/1.1 ${refusal.status} ${refusal.reason}\r\nconnection: close\r\ncontent-type: application/json\r\n` +
        `x-request-id: ${requestId}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    logger.info(
      {
        request_id: requestId,
        status: refusal.status,
        error_type: 'invalid_request_error',
        error: refusal.message,
      },
      'request refused by the HTTP parser',
    );
  };
}
