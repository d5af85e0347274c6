import type { ChatCompletion, ChatCompletionChunk } from '@llmux/contract';
import { createChunkAccumulator, decodeSse } from '@llmux/sse';
import { errorFromStreamEvent, LlmuxError } from './errors.js';

/**
 * A streamed chat completion: iterate it for chunks, or await `finalCompletion()` for the whole answer
 * (both may be used: chunks already read are not lost). Leaving the loop early aborts the HTTP request.
 */
export class ChatCompletionStream implements AsyncIterable<ChatCompletionChunk> {
  readonly requestId: string | null;
  readonly response: Response;
  private readonly controller: AbortController;
  private readonly accumulator = createChunkAccumulator();
  private iterator: AsyncGenerator<ChatCompletionChunk> | undefined;
  private finished = false;
  private readonly onEnd: (() => void) | undefined;

  /** `onEnd` runs once the stream is over (read to the end, left early or failed). */
  constructor(response: Response, controller: AbortController, onEnd?: () => void) {
    this.response = response;
    this.controller = controller;
    this.onEnd = onEnd;
    this.requestId = response.headers.get('x-request-id');
  }

  [Symbol.asyncIterator](): AsyncIterator<ChatCompletionChunk> {
    if (this.iterator) throw new LlmuxError({ status: 0, message: 'A stream can be iterated only once' });
    this.iterator = this.iterate();
    return this.iterator;
  }

  /** Stops the stream and its HTTP request (the gateway then stops the upstream call). */
  abort(): void {
    this.controller.abort();
  }

  /** Reads the rest of the stream (if not read yet) and returns the whole completion. */
  async finalCompletion(): Promise<ChatCompletion> {
    if (!this.iterator) for await (const _chunk of this) void _chunk;
    else if (!this.finished) {
      for (;;) {
        const next = await this.iterator.next();
        if (next.done) break;
      }
    }
    return this.accumulator.result();
  }

  private async *iterate(): AsyncGenerator<ChatCompletionChunk> {
    const body = this.response.body;
    if (!body)
      throw new LlmuxError({
        status: this.response.status,
        message: 'The stream has no body',
        requestId: this.requestId,
      });
    let sawDone = false;
    try {
      for await (const event of decodeSse(body)) {
        if (event.data === '[DONE]') {
          sawDone = true;
          break;
        }
        let value: unknown;
        try {
          value = JSON.parse(event.data);
        } catch (cause) {
          throw new LlmuxError({
            status: 0,
            message: `The stream sent an event that is not JSON: ${event.data.slice(0, 100)}`,
            requestId: this.requestId,
            cause,
          });
        }
        const streamError = errorFromStreamEvent(value, this.requestId);
        if (streamError) throw streamError;
        const chunk = value as ChatCompletionChunk;
        this.accumulator.push(chunk);
        yield chunk;
      }
    } catch (error) {
      if (error instanceof LlmuxError) throw error;
      if (this.controller.signal.aborted)
        throw new LlmuxError({
          status: 0,
          message: 'The stream was aborted',
          code: 'aborted',
          requestId: this.requestId,
          cause: error,
        });
      throw new LlmuxError({
        status: 0,
        message: `The stream broke: ${(error as Error)?.message ?? String(error)}`,
        requestId: this.requestId,
        cause: error,
      });
    } finally {
      this.finished = true;
      // Leaving early (break, an error) must not leave the HTTP request running.
      if (!sawDone) this.controller.abort();
      this.onEnd?.();
    }
    if (!sawDone)
      throw new LlmuxError({
        status: 0,
        message: 'The stream ended before [DONE]: the answer is incomplete',
        type: 'api_error',
        code: 'stream_incomplete',
        requestId: this.requestId,
      });
  }
}
