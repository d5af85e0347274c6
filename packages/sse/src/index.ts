export {
  accumulateChunks,
  type BuildCompletionOptions,
  type ChunkAccumulator,
  createChunkAccumulator,
  IncompleteCompletionError,
} from './chunk-accumulator.js';
export { createSseDecoderStream, type DecodeSseOptions, decodeSse, type SseSource } from './decode-sse.js';
export {
  createSseDecoder,
  DEFAULT_MAX_EVENT_SIZE,
  type SseDecoder,
  type SseDecoderOptions,
  type SseEndResult,
  type SseEvent,
  SseEventTooLargeError,
} from './sse-decoder.js';
export {
  encodeChunk,
  encodeComment,
  encodeSse,
  SSE_DONE,
  SSE_KEEPALIVE,
  type SseMessage,
} from './sse-encoder.js';
