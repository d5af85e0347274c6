import type { ChatCompletionChunk } from '@llmux/contract';
import type { SseEvent } from '@llmux/sse';
import {
  ADAPTER_INTERFACE_VERSION,
  type ProviderAdapter,
  type ResponseContext,
  type StreamTranslator,
} from './adapter.js';

/** Drives a push translator over an async iterable of events: the convenience form of a stream translation. */
export async function* translateStream(
  createTranslator: (context: ResponseContext) => StreamTranslator,
  events: AsyncIterable<SseEvent>,
  context: ResponseContext,
): AsyncIterable<ChatCompletionChunk> {
  const translator = createTranslator(context);
  for await (const event of events) yield* translator.push(event);
  yield* translator.finish();
}

/**
 * Completes an adapter from its parts: `fromStream` is derived from `createStreamTranslator`, so an
 * adapter writes its stream logic once, as a synchronous state machine.
 */
export function defineAdapter(
  adapter: Omit<ProviderAdapter, 'fromStream' | 'interfaceVersion'>,
): ProviderAdapter {
  return {
    ...adapter,
    interfaceVersion: ADAPTER_INTERFACE_VERSION,
    fromStream: (events, context) => translateStream(adapter.createStreamTranslator, events, context),
  };
}
