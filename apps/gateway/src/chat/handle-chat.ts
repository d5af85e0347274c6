import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  type CompletionUsage,
  parseChatRequest,
} from '@llmux/contract';
import {
  checkParameters,
  type ParameterSupport,
  type ProviderAdapter,
  ProviderError,
  type ResponseContext,
  type TranslationWarning,
} from '@llmux/provider-kit';
import { encodeChunk, SSE_DONE } from '@llmux/sse';
import { isModelAllowed } from '../auth/keys.js';
import type { GatewayConfig } from '../config.js';
import { readBody } from '../http/read-body.js';
import { ClientClosedError, GatewayError, toErrorResponse, toHeaderJson } from '../http/respond.js';
import { admitChatRequest, recordSettledUsage, settleChatRequest } from '../limits/chat-admission.js';
import type { Limiter } from '../limits/limiter.js';
import {
  type CatalogLike,
  type Deployment,
  type ModelEntry,
  orderDeployments,
} from '../routing/deployments.js';
import type { AttemptTrace, RequestTrace } from '../tracing/tracing.js';
import { AbortHandle } from '../upstream/abort-handle.js';
import type { UpstreamPools } from '../upstream/pools.js';
import { computeCost, readTokenCounts, sumUsage } from '../usage/cost.js';
import type { UsageRow } from '../usage/usage-row.js';
import type { UsageStore } from '../usage/usage-store.js';
import { type AttemptDependencies, type Lane, runAttempts } from './attempts.js';
import { createChunkEncoder } from './encode-chunk.js';
import type { RequestState } from './request-state.js';
import { callStream, callWhole } from './upstream-call.js';

export interface ChatDependencies extends AttemptDependencies {
  /** The adapter's parameter policy for a deployment's model (cached: it depends only on the two). */
  supportFor: (deployment: Deployment) => ParameterSupport;
  config: GatewayConfig;
  catalog: CatalogLike;
  deployments: Map<string, Deployment[]>;
  pools: UpstreamPools;
  usage: UsageStore;
  limiter: Limiter;
  simulated: boolean;
  /**
   * Extra adapter options a deployment needs for this request, gathered with I/O the adapter may not do
   * itself (Gemini: remote image URLs downloaded and inlined). Undefined: nothing to add.
   */
  prepareOptions?: (
    request: ChatCompletionRequest,
    deployment: Deployment,
    abort: AbortHandle,
  ) => Promise<Record<string, unknown> | undefined> | undefined;
}

/** POST /v1/chat/completions, from the raw body to the last byte, usage row included. Never throws. */
export async function handleChatCompletion(
  dependencies: ChatDependencies,
  incoming: IncomingMessage,
  response: ServerResponse,
  state: RequestState,
): Promise<void> {
  const { config, metrics } = dependencies;
  const controller = new AbortHandle();
  const onClose = () => {
    if (!response.writableEnded) controller.abort(new ClientClosedError());
  };
  response.on('close', onClose);
  const deadline = setTimeout(() => {
    controller.abort(
      new ProviderError({
        status: 504,
        type: 'timeout_error',
        code: 'request_timeout',
        message: `The request did not complete within ${config.routing.requestTimeoutMs} ms.`,
      }),
    );
  }, config.routing.requestTimeoutMs);
  deadline.unref();
  metrics.inFlight.inc();
  let streamStarted = false;
  // Streamed text waits here for the end of the event-loop turn: the reads of one turn go out in one write,
  // and when the upstream's last read arrives with its end (the common case for short answers) the whole
  // answer, usage chunk and [DONE] leave in the response's single final write (one syscall instead of three).
  let outbox = '';
  let outboxScheduled = false;
  let ending = false;
  const writeOutbox = () => {
    outboxScheduled = false;
    if (ending || outbox === '' || response.destroyed || response.writableEnded) return;
    const text = outbox;
    outbox = '';
    response.write(text);
  };
  /** What is still in the outbox, taken for the response's final write. */
  const takeOutbox = () => {
    ending = true;
    const text = outbox;
    outbox = '';
    return text;
  };
  try {
    const body = await readBody(incoming, {
      maxBytes: config.maxBodyBytes,
      idleTimeoutMs: config.timeouts.bodyIdleTimeoutMs,
      totalTimeoutMs: config.timeouts.bodyTimeoutMs,
    });
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new GatewayError(
        400,
        'invalid_request_error',
        `The request body is not valid JSON: ${(error as Error).message}`,
        'invalid_json',
      );
    }
    const parsed = parseChatRequest(json);
    if (!parsed.success) {
      const { message, type, param, code } = parsed.error.error;
      throw new GatewayError(400, type, message, code, param);
    }
    const request = parsed.data;
    state.requestedModel = request.model;
    state.stream = request.stream === true;
    const trace = state.trace;
    trace?.describeRequest(request);

    const { model, deployments } = resolveModel(dependencies, request.model);
    state.model = model;
    const principal = state.principal!;
    if (!isModelAllowed(principal, model.id, request.model)) {
      throw new GatewayError(
        403,
        'permission_error',
        `This API key may not use the model '${request.model}'.`,
        'model_not_allowed',
        'model',
      );
    }
    const ordered = orderDeployments(deployments, dependencies.breaker, dependencies.random);
    const first = ordered[0]!;
    state.deployment = first;
    const support = dependencies.supportFor(first);
    checkParameters(request, support);
    if (model.status === 'retired' || model.status === 'deprecated')
      state.warnings.push(retirementWarningOf(model));
    const choices = request.n ?? 1;
    const emulateN = choices > 1 && support.n.mode === 'emulate';
    if (emulateN) {
      state.warnings.push({
        param: 'n',
        action: 'emulated',
        message: `${model.id} has no native n: served by ${choices} parallel upstream calls`,
      });
    }

    const admission = admitChatRequest(dependencies.limiter, state, request, body.byteLength, ordered);
    if (admission !== undefined)
      state.reservation = admission instanceof Promise ? await admission : admission;

    const context: ResponseContext = {
      completionId: createCompletionId(),
      created: Math.floor(Date.now() / 1000),
      publicModel: request.model,
      request,
      generateToolCallId: () => `call_${randomBytes(12).toString('base64url')}`,
    };
    const laneRequest: ChatCompletionRequest = emulateN ? { ...request, n: 1 } : request;
    const lanes: Lane[] = [{ index: 0, committed: false }];
    for (let index = 1; emulateN && index < choices; index++) lanes.push({ index, committed: false });
    // Prepared once per deployment and shared by the lanes (n emulation must not download images n times).
    const preparedOptions = new Map<string, Promise<Record<string, unknown> | undefined> | undefined>();
    const prepare = (deployment: Deployment) => {
      if (!preparedOptions.has(deployment.name)) {
        preparedOptions.set(
          deployment.name,
          dependencies.prepareOptions?.(laneRequest, deployment, controller),
        );
      }
      return preparedOptions.get(deployment.name);
    };
    const run = <T>(
      lane: Lane,
      call: (
        deployment: Deployment,
        adapter: ProviderAdapter,
        extraOptions: Record<string, unknown> | undefined,
        attempt: AttemptTrace | undefined,
      ) => Promise<T>,
    ) =>
      runAttempts(dependencies, state, ordered, lane, controller, async (deployment, adapter, attempt) =>
        call(deployment, adapter, await prepare(deployment), attempt),
      ).catch((error: unknown) => {
        // One failed lane fails the request: stop the others at once.
        if (!controller.aborted) controller.abort(error);
        throw error;
      });
    const collectWarnings = (warnings: TranslationWarning[]) => addWarnings(state, warnings);

    if (!state.stream) {
      const answers = await Promise.all(
        lanes.map((lane) =>
          run(lane, (deployment, adapter, extraOptions, attempt) =>
            callWhole(adapter, deployment, laneRequest, context, {
              extraOptions,
              trace: attempt,
              pools: dependencies.pools,
              signal: controller,
              attemptTimeoutMs: config.routing.attemptTimeoutMs,
              onWarnings: collectWarnings,
              allowRelay: !emulateN,
            }),
          ),
        ),
      );
      let text: string;
      if (emulateN) {
        const completion = mergeCompletions(answers.map((answer) => answer.completion!));
        state.usage = completion.usage;
        text = JSON.stringify(completion);
        if (trace !== undefined) traceFinishReasons(trace, completion);
      } else {
        const answer = answers[0]!;
        state.usage = answer.usage;
        text = answer.text ?? JSON.stringify(answer.completion);
        if (trace !== undefined) {
          if (answer.text !== undefined) trace.addFinishReasonsFromText(answer.text);
          else traceFinishReasons(trace, answer.completion);
        }
      }
      state.status = 200;
      finishRequest(dependencies, state, () => {
        if (response.destroyed) return;
        const headers = responseHeaders(dependencies, state);
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(text);
        response.writeHead(200, headers);
        response.end(text);
        text = ''; // As for a stream's tail below: not kept alive by this scope once written.
      });
      return;
    }

    const includeUsage = request.stream_options?.include_usage === true;
    const laneUsage: Array<CompletionUsage | undefined> = lanes.map(() => undefined);
    const pending: string[] = lanes.map(() => '');
    const encode = createChunkEncoder(context);
    const startStream = () => {
      if (streamStarted) return;
      streamStarted = true;
      state.ttftMs = Math.round(performance.now() - state.startedHr);
      const headers = responseHeaders(dependencies, state);
      headers['content-type'] = 'text/event-stream; charset=utf-8';
      headers['cache-control'] = 'no-cache';
      headers['x-accel-buffering'] = 'no';
      response.writeHead(200, headers);
    };
    // A relayed stream carries the upstream's own usage chunk (if the client asked for it) and its own id.
    let relayed = false;
    await Promise.all(
      lanes.map((lane) =>
        run(lane, (deployment, adapter, extraOptions, attempt) => {
          // Text a failed attempt translated but never flushed (the events before an error in the same read)
          // must not lead the next attempt's answer.
          pending[lane.index] = '';
          return callStream(adapter, deployment, laneRequest, context, {
            extraOptions,
            trace: attempt,
            pools: dependencies.pools,
            signal: controller,
            attemptTimeoutMs: config.routing.attemptTimeoutMs,
            onWarnings: collectWarnings,
            allowRelay: !emulateN,
            output: response,
            onText: (text) => {
              pending[lane.index] += text;
              trace?.addFinishReasonsFromText(text);
            },
            onChunks: (chunks) => {
              for (const chunk of chunks) {
                if (trace !== undefined) traceFinishReasons(trace, chunk);
                if (chunk.usage !== undefined && chunk.usage !== null) {
                  laneUsage[lane.index] = chunk.usage;
                  if (chunk.choices.length === 0) continue;
                  delete chunk.usage;
                }
                if (emulateN) for (const choice of chunk.choices) choice.index = lane.index;
                pending[lane.index] += encode(chunk);
              }
            },
            flush: () => {
              const text = pending[lane.index]!;
              if (text === '' || response.destroyed || response.writableEnded) return;
              pending[lane.index] = '';
              startStream();
              lane.committed = true;
              outbox += text;
              if (!outboxScheduled) {
                outboxScheduled = true;
                setImmediate(writeOutbox);
              }
            },
          }).then((result) => {
            if (result.relayed) {
              relayed = true;
              laneUsage[lane.index] = result.usage;
            }
          });
        }),
      ),
    );
    const usage = emulateN ? sumUsage(laneUsage) : laneUsage[0];
    state.usage = usage;
    state.status = 200;
    startStream();
    let tail = takeOutbox();
    if (includeUsage && usage !== undefined && !relayed) {
      const usageChunk: ChatCompletionChunk = {
        id: context.completionId,
        object: 'chat.completion.chunk',
        created: context.created,
        model: context.publicModel,
        choices: [],
        usage,
      };
      tail += encodeChunk(usageChunk);
    }
    tail += SSE_DONE;
    finishRequest(dependencies, state, () => {
      if (!response.destroyed) response.end(tail);
      // This scope can already sit in V8's old space (a stream in flight across two young-generation
      // collections is promoted with its closures); left in it, the answer's text (flattened by the write)
      // would be kept by every scavenge until the next full collection. Measured: 12 → 7 KB promoted per
      // stream, full collections 6–8 → 5–6 per second.
      tail = '';
    });
  } catch (error) {
    const reason = controller.aborted ? controller.reason : undefined;
    const cause = reason instanceof ClientClosedError ? reason : error;
    if (cause instanceof ClientClosedError) {
      state.status = 499;
      state.errorType = 'client_closed';
      finishRequest(dependencies, state);
      if (!response.destroyed) response.destroy();
      return;
    }
    // Chunks already translated before the failure still reach the client, ahead of the error event.
    const unsent = takeOutbox();
    const mapped = toErrorResponse(cause);
    // A limited key's answers all carry its rate-limit headers, those refused before admission too (a refusal
    // of the limiter's own already has them, and they win).
    const limits = state.principal?.limits;
    if (state.reservation === undefined && limits) {
      const peeked = dependencies.limiter.peekRateLimitHeaders(state.principal!.keyId, limits);
      const limitHeaders = peeked instanceof Promise ? await peeked.catch(() => null) : peeked;
      if (limitHeaders !== null) mapped.headers = { ...limitHeaders, ...mapped.headers };
    }
    state.status = mapped.status;
    state.errorType = mapped.body.error.type;
    state.errorMessage = mapped.body.error.message;
    if (mapped.internal !== undefined) (state as { internalError?: unknown }).internalError = mapped.internal;
    finishRequest(dependencies, state, () => {
      if (response.destroyed) return;
      if (streamStarted) {
        // The openai SDK raises an APIError for a `data: {"error": ...}` event (openai-node core/streaming.js);
        // ending without [DONE] after it keeps a cut stream from passing as a finished answer.
        response.end(`${unsent}data: ${JSON.stringify(mapped.body)}\n\n`);
        return;
      }
      if (response.headersSent) {
        response.destroy();
        return;
      }
      const text = JSON.stringify(mapped.body);
      response.writeHead(mapped.status, {
        ...responseHeaders(dependencies, state),
        ...mapped.headers,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      response.end(text);
    });
  } finally {
    clearTimeout(deadline);
    response.off('close', onClose);
    metrics.inFlight.dec();
  }
}

function resolveModel(
  dependencies: ChatDependencies,
  requested: string,
): { model: ModelEntry; deployments: Deployment[] } {
  const { catalog, config } = dependencies;
  const id = config.aliases[requested] ?? requested;
  const model = catalog.getModel(id);
  const deployments = model !== undefined ? dependencies.deployments.get(model.id) : undefined;
  if (model === undefined) {
    const suggestions = catalog
      .suggestModelIds(requested, 10)
      .filter((candidate) => dependencies.deployments.has(candidate))
      .slice(0, 3);
    const hint =
      suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(', ')}?` : '';
    throw new GatewayError(
      404,
      'invalid_request_error',
      `The model '${requested}' does not exist.${hint}`,
      'model_not_found',
      'model',
    );
  }
  const unserved = deployments === undefined || deployments.length === 0;
  if (unserved && model.status === 'retired') {
    throw new GatewayError(
      404,
      'invalid_request_error',
      `The model '${requested}' has been retired by its vendor. A config file deployment can route the name to a successor.`,
      'model_not_found',
      'model',
    );
  }
  if (unserved) {
    throw new GatewayError(
      404,
      'invalid_request_error',
      `The model '${requested}' is not available on this gateway: no deployment is configured for it (set the API key of a provider that serves it).`,
      'model_not_found',
      'model',
    );
  }
  return { model, deployments: deployments! };
}

function addWarnings(state: RequestState, warnings: readonly TranslationWarning[]): void {
  for (const warning of warnings) {
    if (!state.warnings.some((seen) => seen.param === warning.param && seen.message === warning.message)) {
      state.warnings.push(warning);
    }
  }
}

/**
 * The gateway's own response headers; callers add theirs by assignment (an object spread into a literal here
 * cost ~8 µs per request in profiles, a slow path in V8).
 */
function responseHeaders(
  dependencies: ChatDependencies,
  state: RequestState,
): Record<string, string | number> {
  const headers: Record<string, string | number> = {};
  if (state.warnings.length > 0) headers['x-llmux-warnings'] = warningsHeader(state.warnings);
  if (dependencies.simulated) headers['x-llmux-simulated'] = 'true';
  const limitHeaders = state.reservation?.headers;
  if (limitHeaders) for (const name in limitHeaders) headers[name] = limitHeaders[name]!;
  return headers;
}

/** Unique per process by a counter, across processes by a random prefix: cheaper than a UUID per request. */
const completionIdPrefix = `chatcmpl-${randomBytes(6).toString('hex')}`;
let completionCount = 0;

function createCompletionId(): string {
  completionCount = (completionCount + 1) % Number.MAX_SAFE_INTEGER;
  return `${completionIdPrefix}${completionCount.toString(36).padStart(8, '0')}`;
}

/** The finish reasons of a completion's or a chunk's choices, onto the request's span. */
function traceFinishReasons(
  trace: RequestTrace,
  answer: { choices: ReadonlyArray<{ finish_reason?: string | null }> },
): void {
  for (const choice of answer.choices) {
    if (typeof choice.finish_reason === 'string') trace.addFinishReason(choice.finish_reason);
  }
}

/** Emulated `n`: the lanes' single choices become one completion's choices 0..n-1, usage summed. */
function mergeCompletions(completions: ChatCompletion[]): ChatCompletion {
  const first = completions[0]!;
  const merged: ChatCompletion = {
    ...first,
    choices: completions.flatMap((completion, lane) =>
      completion.choices.map((choice) => ({ ...choice, index: lane })),
    ),
  };
  const usage = sumUsage(completions.map((completion) => completion.usage));
  if (usage !== undefined) merged.usage = usage;
  else delete merged.usage;
  return merged;
}

/**
 * The request's usage row and its metrics. `then` ends the response: it runs once the row is in the journal,
 * so the record survives a kill right after the answer's last byte.
 */
export function finishRequest(dependencies: ChatDependencies, state: RequestState, then?: () => void): void {
  if (state.recorded) {
    then?.();
    return;
  }
  state.recorded = true;
  const { metrics } = dependencies;
  const tokens = readTokenCounts(state.usage);
  const pricing = state.deployment?.pricing ?? state.model?.pricing ?? null;
  const cost = tokens !== null && pricing !== null ? computeCost(pricing, tokens) : null;
  const latencyMs = Math.round(performance.now() - state.startedHr);
  const row: UsageRow = {
    request_id: state.requestId,
    ts: state.startedAt,
    key_id: state.principal?.keyId ?? null,
    model: state.model?.id ?? state.requestedModel ?? null,
    vendor: state.model?.vendor ?? null,
    provider: state.deployment?.provider ?? null,
    deployment: state.deployment?.name ?? null,
    upstream_model: state.deployment?.upstreamModel ?? null,
    stream: state.stream === true ? 1 : 0,
    status: state.status ?? 500,
    error_type: state.errorType ?? null,
    prompt_tokens: tokens?.prompt ?? null,
    completion_tokens: tokens?.completion ?? null,
    cached_tokens: tokens?.cached ?? null,
    reasoning_tokens: tokens?.reasoning ?? null,
    cost_usd: cost,
    unpriced: state.model !== undefined && pricing === null ? 1 : 0,
    latency_ms: latencyMs,
    ttft_ms: state.ttftMs ?? null,
    attempts: state.attempts,
    spend_nano_usd: null,
    budget_period: null,
  };
  const settlement = settleChatRequest(dependencies.limiter, state, tokens, cost);
  recordSettledUsage(dependencies.usage, row, settlement, then);

  const model = row.model ?? 'unknown';
  const vendor = row.vendor ?? 'unknown';
  metrics.requests.inc({ model, vendor, status: String(row.status) });
  metrics.duration.observe({ model, vendor }, latencyMs / 1000);
  if (state.ttftMs !== undefined) metrics.timeToFirstToken.observe({ model, vendor }, state.ttftMs / 1000);
  if (tokens !== null) {
    metrics.tokens.inc({ model, vendor, kind: 'prompt' }, tokens.prompt);
    metrics.tokens.inc({ model, vendor, kind: 'completion' }, tokens.completion);
    if (tokens.cached > 0) metrics.tokens.inc({ model, vendor, kind: 'cached' }, tokens.cached);
    if (tokens.reasoning > 0) metrics.tokens.inc({ model, vendor, kind: 'reasoning' }, tokens.reasoning);
  }
  if (cost !== null && cost > 0) metrics.cost.inc({ model, vendor }, cost);
}

/** Each model's retirement warning, made once: every request to the model carries the same one. */
const retirementWarnings = new WeakMap<ModelEntry, TranslationWarning>();
/** The header text of a warning that is a request's only one (the common case), made once per warning. */
const soleWarningHeaders = new WeakMap<TranslationWarning, string>();

function retirementWarningOf(model: ModelEntry): TranslationWarning {
  let warning = retirementWarnings.get(model);
  if (warning === undefined) {
    warning = retirementWarning(model);
    retirementWarnings.set(model, warning);
    soleWarningHeaders.set(warning, toHeaderJson([warning]));
  }
  return warning;
}

function warningsHeader(warnings: readonly TranslationWarning[]): string {
  return (warnings.length === 1 ? soleWarningHeaders.get(warnings[0]!) : undefined) ?? toHeaderJson(warnings);
}

/** Says that a model is going away (or gone upstream) and what replaces it, in the warnings header. */
function retirementWarning(model: {
  id: string;
  status?: string;
  shutdownDate?: string;
  replacement?: string;
}) {
  const when = model.shutdownDate === undefined ? '' : ` (shutdown date ${model.shutdownDate})`;
  const successor = model.replacement === undefined ? '' : `; its successor is ${model.replacement}`;
  const state = model.status === 'retired' ? 'has been retired by its vendor' : 'is deprecated by its vendor';
  return {
    param: 'model',
    action: 'deprecated' as const,
    message: `${model.id} ${state}${when}${successor}`,
  };
}
