import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatCompletionRequest, CompletionUsage } from '@llmux/contract';
import {
  type AnswerEvent,
  checkParameters,
  createChunkBlockifier,
  type HubRequest,
  type InboundContext,
  type InboundLocation,
  type InboundModel,
  type InboundStreamEncoder,
  type InboundSurface,
  isProviderError,
  type ParameterSupport,
  type ProviderAdapter,
  type ResponseContext,
  type TranslationWarning,
} from '@llmux/provider-kit';
import type { ErrorResponse } from '../http/respond.js';
import { admitChatRequest } from '../limits/chat-admission.js';
import type { Deployment, ModelEntry } from '../routing/deployments.js';
import type { AttemptTrace } from '../tracing/tracing.js';
import { type Lane, runAttempts } from './attempts.js';
import { deliverFailure, type ErrorFraming, toErrorInit } from './deliver-failure.js';
import type { PipelineDependencies } from './dependencies.js';
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
import {
  callRelayStream,
  callRelayWhole,
  callStream,
  callWhole,
  type RelayCallOptions,
} from './upstream-call.js';

/**
 * A model request on any inbound protocol but OpenAI chat (whose handler keeps its own fast path), from the raw
 * body to the last byte, usage row included. Never throws.
 *
 * Each attempt takes one of two routes. **Relay**, when the deployment's upstream speaks the client's protocol:
 * the client's body goes upstream with only the model id and credentials changed, the answer comes back as the
 * vendor wrote it. **Translate** otherwise: the request becomes the hub form once per upstream protocol, the
 * deployment's adapter serves it, and its chunks become block events the surface encodes.
 */
export async function handleInboundRequest(
  dependencies: PipelineDependencies,
  surface: InboundSurface,
  incoming: IncomingMessage,
  response: ServerResponse,
  state: RequestState,
  location: InboundLocation,
): Promise<void> {
  const { config } = dependencies;
  const exchange = beginExchange(config, dependencies.metrics, response);
  const { controller } = exchange;
  let streamStarted = false;
  const outbox = new StreamOutbox(response);
  /** The attempt's encoder, or its stream relay: a failure after the stream began ends in its framing. */
  let encoder: Pick<InboundStreamEncoder, 'fail'> | undefined;
  let inboundContext: InboundContext | undefined;
  const framing = inboundErrorFraming(surface, () => encoder);
  try {
    const body = await readJsonBody(incoming, config);
    const parsed = surface.parseRequest(body.json, location);
    const publicModel = parsed.model;
    state.requestedModel = publicModel;
    state.stream = parsed.stream;
    const { model, ordered } = resolveModel(dependencies, publicModel, state.principal!);
    state.model = model;
    state.deployment = ordered[0]!;
    if (model.status === 'retired' || model.status === 'deprecated')
      state.warnings.push(retirementWarningOf(model));

    const relayOf = (deployment: Deployment) =>
      surface.relay !== undefined && deployment.protocol === surface.protocol ? surface.relay : undefined;
    // The hub request depends only on what the surface knows of the model: made once per upstream protocol,
    // and only when an attempt (or admission's estimate) needs it.
    const translations = new Map<string, HubRequest>();
    const translateFor = (deployment: Deployment): ChatCompletionRequest => {
      let hub = translations.get(deployment.protocol);
      if (hub === undefined) {
        hub = surface.toHubRequest(parsed.request, inboundModelOf(model, deployment));
        if (hub.request.stream === true) hub.request.stream_options = { include_usage: true };
        checkWithClientDefaults(surface, hub, dependencies.supportFor(deployment));
        translations.set(deployment.protocol, hub);
        addWarnings(state, hub.warnings);
        state.trace?.describeRequest(hub.request);
      }
      return hub.request;
    };
    // A model whose first deployment translates is checked before admission: a field no vendor could honour is
    // the client's 400 before it costs a slot of the key's limits.
    if (relayOf(state.deployment) === undefined) translateFor(state.deployment);

    const admission = admitChatRequest(
      dependencies.limiter,
      state,
      () => translateFor(state.deployment!),
      body.byteLength,
      ordered,
    );
    if (admission !== undefined)
      state.reservation = admission instanceof Promise ? await admission : admission;

    const responseId = createAnswerId(surface.answerIdPrefix);
    const created = Math.floor(Date.now() / 1000);
    inboundContext = { responseId, created, publicModel, request: parsed.request };
    const hubContext = (request: ChatCompletionRequest): ResponseContext => ({
      completionId: responseId,
      created,
      publicModel,
      request,
      generateToolCallId: () => `toolu_${randomBytes(12).toString('base64url')}`,
    });
    const lane: Lane = { index: 0, committed: false };
    const collectWarnings = (warnings: TranslationWarning[]) => addWarnings(state, warnings);
    const callOptions = (attempt: AttemptTrace | undefined) => ({
      pools: dependencies.pools,
      signal: controller,
      attemptTimeoutMs: config.routing.attemptTimeoutMs,
      trace: attempt,
      onWarnings: collectWarnings,
    });
    const relayOptions = (
      deployment: Deployment,
      attempt: AttemptTrace | undefined,
    ): RelayCallOptions | undefined => {
      const relay = relayOf(deployment);
      if (relay === undefined) return undefined;
      return {
        ...callOptions(attempt),
        relay,
        request: parsed.request,
        clientHeaders: incoming.headers,
        publicModel,
        operation: 'generate',
      };
    };
    // An adapter may refuse a value only for some models (gpt-5's top_p): a field the client sends by default is
    // then dropped and the call made again, before anything went upstream.
    const withClientDefaults = async <T>(
      deployment: Deployment,
      call: (request: ChatCompletionRequest) => Promise<T>,
    ): Promise<T> => {
      for (;;) {
        const request = translateFor(deployment);
        try {
          return await call(request);
        } catch (error) {
          const hub = translations.get(deployment.protocol)!;
          if (lane.committed || !dropClientDefault(surface, hub, error)) throw error;
          addWarnings(state, hub.warnings);
        }
      }
    };
    const run = <T>(
      call: (
        deployment: Deployment,
        adapter: ProviderAdapter,
        attempt: AttemptTrace | undefined,
      ) => Promise<T>,
    ) => runAttempts(dependencies, state, ordered, lane, controller, call);

    if (!parsed.stream) {
      const text = await run(async (deployment, adapter, attempt) => {
        const relay = relayOptions(deployment, attempt);
        if (relay !== undefined) {
          const relayed = await callRelayWhole(adapter, deployment, relay);
          state.usage = relayed.usage;
          return relayed.text;
        }
        const answer = await withClientDefaults(deployment, (request) =>
          callWhole(adapter, deployment, request, hubContext(request), {
            ...callOptions(attempt),
            allowRelay: false,
          }),
        );
        state.usage = answer.usage;
        return surface.encodeResponse(answer.completion!, inboundContext!);
      });
      state.status = 200;
      finishRequest(dependencies, state, () => writeJsonAnswer(dependencies, state, response, text));
      return;
    }

    let pending = '';
    const startStream = () => {
      if (streamStarted) return;
      streamStarted = true;
      state.ttftMs = Math.round(performance.now() - state.startedHr);
      writeEventStreamHead(dependencies, state, response, parsed.streamContentType);
    };
    const flush = () => {
      if (pending === '' || response.destroyed || response.writableEnded) return;
      const text = pending;
      pending = '';
      startStream();
      lane.committed = true;
      outbox.add(text);
    };
    const onText = (text: string) => {
      pending += text;
    };
    let closing = '';
    state.usage = await run(async (deployment, adapter, attempt): Promise<CompletionUsage | undefined> => {
      // What a failed attempt produced but never flushed must not lead the next attempt's answer.
      pending = '';
      const relay = relayOptions(deployment, attempt);
      if (relay !== undefined) {
        const streamRelay = relay.relay.stream(publicModel, parsed.request);
        encoder = streamRelay;
        return callRelayStream(adapter, deployment, {
          ...relay,
          streamRelay,
          onText,
          flush,
          output: response,
        });
      }
      const blocks = createChunkBlockifier();
      const attemptEncoder = surface.createStreamEncoder(inboundContext!);
      encoder = attemptEncoder;
      let usage: CompletionUsage | undefined;
      const encode = (events: AnswerEvent[]) => {
        for (const event of events) {
          if (event.type === 'finish') usage = event.usage;
          pending += attemptEncoder.push(event);
        }
      };
      await withClientDefaults(deployment, (request) =>
        callStream(adapter, deployment, request, hubContext(request), {
          ...callOptions(attempt),
          allowRelay: false,
          output: response,
          onText,
          onChunks: (chunks) => {
            for (const chunk of chunks) encode(blocks.push(chunk));
          },
          flush,
        }),
      );
      encode(blocks.finish());
      closing = attemptEncoder.finish();
      return usage;
    });
    state.status = 200;
    startStream();
    const tail = `${outbox.take()}${pending}${closing}`;
    pending = '';
    finishRequest(dependencies, state, () => {
      if (!response.destroyed) response.end(tail);
    });
  } catch (error) {
    await deliverFailure(dependencies, state, response, error, framing, {
      controller,
      streamStarted,
      unsent: outbox.take(),
    });
  } finally {
    exchange.end();
  }
}

/**
 * The parameter check, except that a field the protocol's clients send by default (`clientDefaultFields`) and the
 * model refuses is dropped with a warning naming it, not refused.
 */
function checkWithClientDefaults(surface: InboundSurface, hub: HubRequest, support: ParameterSupport): void {
  for (;;) {
    try {
      checkParameters(hub.request, support);
      return;
    } catch (error) {
      if (!dropClientDefault(surface, hub, error)) throw error;
    }
  }
}

/**
 * When `error` refuses a field the protocol's clients send by default, takes it out of the hub request with a
 * warning and says so (the caller tries again); otherwise false.
 */
function dropClientDefault(surface: InboundSurface, hub: HubRequest, error: unknown): boolean {
  if (!isProviderError(error) || error.status !== 400) return false;
  const field = surface.clientDefaultFields?.find((name) => name === error.param);
  const request = hub.request as Record<string, unknown>;
  if (field === undefined || request[field] === undefined) return false;
  delete request[field];
  hub.warnings.push({
    param: surface.inboundParam?.(field) ?? field,
    action: 'dropped',
    message: `${error.message.replace(/\.$/, '')}: dropped, as a value this client sends by default`,
  });
  return true;
}

/** What a surface knows of the model it translates for, from the catalog and the deployment. */
export function inboundModelOf(model: ModelEntry, deployment: Deployment): InboundModel {
  return {
    id: model.id,
    upstreamProtocol: deployment.protocol,
    reasoning: model.capabilities.reasoning,
    reasoningEffort: model.capabilities.reasoningEffort,
    maxOutputTokens: model.maxOutputTokens,
  };
}

/**
 * The surface's error envelope for the deliver stage: the gateway's errors speak OpenAI's vocabulary, so the
 * parameter is renamed into the protocol's notation before the surface encodes it. A stream that already began
 * ends with the protocol's mid-stream error event (the attempt's encoder's, or a fresh one's on the relay).
 */
export function inboundErrorFraming(
  surface: InboundSurface,
  currentEncoder: () => Pick<InboundStreamEncoder, 'fail'> | undefined = () => undefined,
): ErrorFraming {
  const initOf = (mapped: ErrorResponse) => {
    const init = toErrorInit(mapped);
    if (init.param != null && surface.inboundParam !== undefined)
      init.param = surface.inboundParam(init.param);
    return init;
  };
  return {
    answer: (mapped) => surface.encodeError(initOf(mapped)),
    streamFailure: (mapped) => {
      const encoder =
        currentEncoder() ??
        surface.createStreamEncoder({ responseId: '', created: 0, publicModel: '', request: undefined });
      return encoder.fail(initOf(mapped));
    },
  };
}

/** Unique per process by a counter, across processes by a random part: cheaper than a UUID per request. */
const answerIdRandom = randomBytes(6).toString('hex');
let answerCount = 0;

function createAnswerId(prefix: string): string {
  answerCount = (answerCount + 1) % Number.MAX_SAFE_INTEGER;
  return `${prefix}${answerIdRandom}${answerCount.toString(36).padStart(8, '0')}`;
}
