// The OpenTelemetry GenAI semantic conventions' attributes, as plain data (no SDK): what the request and
// attempt spans carry. https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/
// Never prompt or completion text, never a credential: only model ids, numbers and finish reasons.
import type { ChatCompletionRequest } from '@llmux/contract';
import type { RequestState } from '../pipeline/request-state.js';
import type { Deployment } from '../routing/deployments.js';
import { readTokenCounts } from '../usage/cost.js';

export type Attributes = Record<string, string | number | boolean | string[]>;

/**
 * `gen_ai.system` for each provider: the convention's well-known value where it has one, the provider's own
 * id otherwise (the convention allows custom values). `gen_ai.provider.name` is the newer name of the same
 * attribute; the two spell xAI differently.
 */
const SYSTEMS: Record<string, { system: string; providerName: string }> = {
  openai: { system: 'openai', providerName: 'openai' },
  anthropic: { system: 'anthropic', providerName: 'anthropic' },
  gemini: { system: 'gcp.gemini', providerName: 'gcp.gemini' },
  deepseek: { system: 'deepseek', providerName: 'deepseek' },
  xai: { system: 'xai', providerName: 'x_ai' },
};

export function systemAttributes(provider: string): Attributes {
  const attributes: Attributes = {};
  addSystem(attributes, provider);
  return attributes;
}

// Attributes are assigned one by one, not spread into literals: a spread is V8's slow path (~µs each).
function addSystem(attributes: Attributes, provider: string): void {
  const known = SYSTEMS[provider];
  attributes['gen_ai.system'] = known?.system ?? provider;
  attributes['gen_ai.provider.name'] = known?.providerName ?? provider;
}

/** The request's own parameters: model and sampling settings, where the client set them. */
export function requestAttributes(request: ChatCompletionRequest): Attributes {
  const attributes: Attributes = {
    'gen_ai.request.model': request.model,
    'gen_ai.request.stream': request.stream === true,
  };
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (typeof maxTokens === 'number') attributes['gen_ai.request.max_tokens'] = maxTokens;
  if (typeof request.temperature === 'number') attributes['gen_ai.request.temperature'] = request.temperature;
  if (typeof request.top_p === 'number') attributes['gen_ai.request.top_p'] = request.top_p;
  if (typeof request.frequency_penalty === 'number')
    attributes['gen_ai.request.frequency_penalty'] = request.frequency_penalty;
  if (typeof request.presence_penalty === 'number')
    attributes['gen_ai.request.presence_penalty'] = request.presence_penalty;
  if (typeof request.seed === 'number') attributes['gen_ai.request.seed'] = request.seed;
  if (typeof request.n === 'number' && request.n !== 1) attributes['gen_ai.request.choice.count'] = request.n;
  return attributes;
}

/** What the request span learns by its end: who answered, the tokens, the status. */
export function outcomeAttributes(state: RequestState, statusCode: number): Attributes {
  const attributes: Attributes = {
    'http.request.method': state.method,
    'http.response.status_code': statusCode,
    'llmux.attempts': state.attempts,
  };
  const deployment = state.deployment;
  if (deployment !== undefined) {
    addSystem(attributes, deployment.provider);
    attributes['gen_ai.response.model'] = deployment.upstreamModel;
    attributes['llmux.deployment'] = deployment.name;
  }
  if (state.model !== undefined) attributes['llmux.model'] = state.model.id;
  const tokens = readTokenCounts(state.usage);
  if (tokens !== null) {
    attributes['gen_ai.usage.input_tokens'] = tokens.prompt;
    attributes['gen_ai.usage.output_tokens'] = tokens.completion;
    if (tokens.cached > 0) attributes['gen_ai.usage.cache_read.input_tokens'] = tokens.cached;
    if (tokens.reasoning > 0) attributes['gen_ai.usage.reasoning.output_tokens'] = tokens.reasoning;
  }
  if (state.ttftMs !== undefined) attributes['gen_ai.response.time_to_first_chunk'] = state.ttftMs / 1000;
  if (statusCode >= 400) attributes['error.type'] = state.errorType ?? String(statusCode);
  return attributes;
}

/** Where a deployment's requests go: host and port of its base URL (never its path or query). */
const servers = new WeakMap<Deployment, { address: string; port: number } | null>();

function serverOf(deployment: Deployment): { address: string; port: number } | null {
  let server = servers.get(deployment);
  if (server === undefined) {
    server = null;
    try {
      const url = new URL(deployment.baseUrl);
      const port = url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
      server = { address: url.hostname, port };
    } catch {
      // A base URL is validated by the config; nothing to say about one that is not a URL.
    }
    servers.set(deployment, server);
  }
  return server;
}

export function attemptAttributes(deployment: Deployment, attempt: number, lane: number): Attributes {
  const attributes: Attributes = { 'gen_ai.operation.name': 'chat' };
  addSystem(attributes, deployment.provider);
  attributes['gen_ai.request.model'] = deployment.upstreamModel;
  const server = serverOf(deployment);
  if (server !== null) {
    attributes['server.address'] = server.address;
    attributes['server.port'] = server.port;
  }
  attributes['llmux.deployment'] = deployment.name;
  attributes['llmux.attempt'] = attempt;
  if (lane > 0) attributes['llmux.lane'] = lane;
  return attributes;
}

/** The error's name for `error.type` and `llmux.retry.reason`: its code, else its type, else its name. */
export function describeError(error: unknown): string {
  const { code, type, name } = (error ?? {}) as { code?: unknown; type?: unknown; name?: unknown };
  if (typeof code === 'string' && code !== '') return code;
  if (typeof type === 'string' && type !== '') return type;
  if (typeof name === 'string' && name !== '') return name;
  return 'error';
}

const FINISH_REASON = '"finish_reason":"';

/**
 * Calls `add` with each `"finish_reason":"…"` value in relayed text (an OpenAI completion or a run of its
 * SSE events). A plain search, not a parse: the relay already checked the events, and this runs only when
 * tracing is on.
 */
export function scanFinishReasons(text: string, add: (reason: string) => void): void {
  let from = text.indexOf(FINISH_REASON);
  while (from !== -1) {
    const start = from + FINISH_REASON.length;
    const end = text.indexOf('"', start);
    if (end === -1) return;
    // A reason is a short identifier; anything longer is not one (a quoted string inside content).
    if (end - start <= 32) add(text.slice(start, end));
    from = text.indexOf(FINISH_REASON, end);
  }
}
