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
  type ProviderAdapter,
  type ResponseContext,
  type TranslationWarning,
} from '@llmux/provider-kit';
import { encodeChunk, SSE_DONE } from '@llmux/sse';
import { GatewayError } from '../http/respond.js';
import { admitChatRequest } from '../limits/chat-admission.js';
import type { Deployment } from '../routing/deployments.js';
import type { AttemptTrace, RequestTrace } from '../tracing/tracing.js';
import { sumUsage } from '../usage/cost.js';
import { type Lane, runAttempts } from './attempts.js';
import { deliverFailure, openAiErrorFraming } from './deliver-failure.js';
import type { PipelineDependencies } from './dependencies.js';
import { createChunkEncoder } from './encode-chunk.js';
import { beginExchange } from './exchange.js';
import { readJsonBody } from './read-json-body.js';
import type { RequestState } from './request-state.js';
import { resolveModel } from './resolve-model.js';
import {
  addWarnings,
  retirementWarningOf,
  writeEventStreamHead,
  writeJsonAnswer,
} from './response-headers.js';
import { finishRequest } from './settle.js';
import { StreamOutbox } from './stream-outbox.js';
import { callStream, callWhole } from './upstream-call.js';

/** The chat endpoint's dependencies are the pipeline's. */
export type ChatDependencies = PipelineDependencies;

/** POST /v1/chat/completions, from the raw body to the last byte, usage row included. Never throws. */
export async function handleChatCompletion(
  dependencies: ChatDependencies,
  incoming: IncomingMessage,
  response: ServerResponse,
  state: RequestState,
): Promise<void> {
  const { config } = dependencies;
  const exchange = beginExchange(config, dependencies.metrics, response);
  const { controller } = exchange;
  let streamStarted = false;
  const outbox = new StreamOutbox(response);
  try {
    const body = await readJsonBody(incoming, config);
    const parsed = parseChatRequest(body.json);
    if (!parsed.success) {
      const { message, type, param, code } = parsed.error.error;
      throw new GatewayError(400, type, message, code, param);
    }
    const request = parsed.data;
    state.requestedModel = request.model;
    state.stream = request.stream === true;
    const trace = state.trace;
    trace?.describeRequest(request);

    const { model, ordered } = resolveModel(dependencies, request.model, state.principal!);
    state.model = model;
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
        writeJsonAnswer(dependencies, state, response, text);
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
      writeEventStreamHead(dependencies, state, response);
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
              outbox.add(text);
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
    let tail = outbox.take();
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
    await deliverFailure(dependencies, state, response, error, openAiErrorFraming, {
      controller,
      streamStarted,
      // Chunks already translated before the failure still reach the client, ahead of the error event.
      unsent: outbox.take(),
    });
  } finally {
    exchange.end();
  }
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
