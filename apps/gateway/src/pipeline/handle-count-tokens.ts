import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InboundSurface, InboundTokenCounter } from '@llmux/provider-kit';
import { GatewayError } from '../http/respond.js';
import { runAttempts } from './attempts.js';
import { deliverFailure } from './deliver-failure.js';
import type { PipelineDependencies } from './dependencies.js';
import { beginExchange } from './exchange.js';
import { inboundErrorFraming } from './handle-inbound.js';
import { readJsonBody } from './read-json-body.js';
import type { RequestState } from './request-state.js';
import { resolveModel } from './resolve-model.js';
import { responseHeaders } from './response-headers.js';
import { callRelayWhole } from './upstream-call.js';

/**
 * A protocol's token-counting operation (Anthropic `count_tokens`, Gemini `countTokens`). A model whose upstream
 * speaks the protocol is asked (relayed); any other gets the surface's estimate, said so in `x-llmux-warnings`.
 * Nothing is generated, so nothing is admitted against the key's limits and no usage row is written.
 */
export async function handleCountTokens(
  dependencies: PipelineDependencies,
  surface: InboundSurface,
  incoming: IncomingMessage,
  response: ServerResponse,
  state: RequestState,
): Promise<void> {
  const exchange = beginExchange(dependencies.config, dependencies.metrics, response);
  const { controller } = exchange;
  // Counting writes no usage row: the deliver stage's settle is skipped by marking the request recorded.
  state.recorded = true;
  try {
    const counter = surface.countTokens as InboundTokenCounter | undefined;
    if (counter === undefined)
      throw new GatewayError(404, 'invalid_request_error', 'Token counting is not served on this protocol.');
    const body = await readJsonBody(incoming, dependencies.config);
    const { request, model: publicModel } = counter.parseRequest(body.json);
    state.requestedModel = publicModel;
    const { model, ordered } = resolveModel(dependencies, publicModel, state.principal!);
    state.model = model;
    const first = ordered[0]!;
    state.deployment = first;
    let text: string;
    if (surface.relay !== undefined && first.protocol === surface.protocol) {
      const relay = surface.relay;
      const lane = { index: 0, committed: false };
      // Only deployments of the surface's own protocol can be asked; the rest of the list would need an estimate.
      const native = ordered.filter((deployment) => deployment.protocol === surface.protocol);
      const relayed = await runAttempts(
        dependencies,
        state,
        native,
        lane,
        controller,
        (deployment, adapter, attempt) =>
          callRelayWhole(adapter, deployment, {
            pools: dependencies.pools,
            signal: controller,
            attemptTimeoutMs: dependencies.config.routing.attemptTimeoutMs,
            trace: attempt,
            onWarnings: () => {},
            relay,
            request,
            clientHeaders: incoming.headers,
            publicModel,
            operation: 'count_tokens',
          }),
      );
      text = relayed.text;
    } else {
      text = counter.encode(counter.estimate(request));
      state.warnings.push({
        param: 'model',
        action: 'emulated',
        message: `${model.id}'s vendor has no token counting for this protocol: the count is the gateway's estimate (about 4 bytes of text per token), not its tokenizer's`,
      });
    }
    state.status = 200;
    if (response.destroyed) return;
    const headers = responseHeaders(dependencies, state);
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(text);
    response.writeHead(200, headers);
    response.end(text);
  } catch (error) {
    await deliverFailure(dependencies, state, response, error, inboundErrorFraming(surface), {
      controller,
      streamStarted: false,
      unsent: '',
    });
  } finally {
    exchange.end();
  }
}
