import type { Agent } from 'node:http';
import type { GatewayProcess } from '../gateway-process.js';
import { type Exchange, send } from '../http-client.js';
import type { Answer, InboundProtocol } from '../protocols/index.js';
import type { SuiteContext } from '../suite-context.js';

export interface ChatOptions {
  text: string;
  stream: boolean;
  deadlineMs?: number;
  agent?: Agent;
  apiKey?: string;
  onData?: (body: string, abort: () => void) => void;
  onResponse?: (status: number) => void;
  signal?: AbortSignal;
}

/** One chat request through the gateway in `protocol`, read as that protocol's answer (and secret-scanned). */
export async function chat(
  context: SuiteContext,
  gateway: GatewayProcess,
  protocol: InboundProtocol,
  options: ChatOptions,
): Promise<{ exchange: Exchange; answer: Answer }> {
  const exchange = context.observe(
    await send(gateway.url, {
      path: protocol.path,
      headers: protocol.headers(options.apiKey ?? context.secrets.masterKey),
      body: protocol.requestBody(options.text, options.stream),
      deadlineMs: options.deadlineMs ?? 30_000,
      ...(options.agent === undefined ? {} : { agent: options.agent }),
      ...(options.onData === undefined ? {} : { onData: options.onData }),
      ...(options.onResponse === undefined ? {} : { onResponse: options.onResponse }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    }),
  );
  return { exchange, answer: protocol.readAnswer(exchange, options.stream) };
}

/** Runs `task` `count` times with at most `concurrency` at once. */
export async function runPool<T>(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}
