import { type ChatCompletion, type ChatCompletionChunk, chatCompletionRequestSchema } from '@llmux/contract';
import { describe, expect, it } from 'vitest';
import type { ProviderAdapter, UpstreamTarget } from '../adapter.js';
import { createChunkBlockifier } from '../chunks-to-answer-events.js';
import type { InboundContext, InboundModel, InboundSurface } from '../inbound.js';
import { isProviderError } from '../provider-error.js';
import { catchProviderError } from './catch-provider-error.js';

/** One hub answer, whole and as the chunks of the same answer streamed (what an adapter would emit). */
export interface InboundAnswerCase {
  name: string;
  completion: ChatCompletion;
  chunks: ChatCompletionChunk[];
}

export interface InboundConformanceOptions<Request> {
  surface: InboundSurface<Request>;
  /** Valid bodies in the protocol's own shape, recorded from real clients where possible. */
  requests: ReadonlyArray<{ name: string; body: unknown }>;
  /** Bodies the surface must refuse with a 400, and the parameter (in the protocol's notation) it must name. */
  invalidRequests: ReadonlyArray<{ name: string; body: unknown; param: string }>;
  /** The models to translate for, one per kind of upstream (reasoning knob or none, each protocol). */
  models: readonly InboundModel[];
  /**
   * Upstream adapters the hub requests must go through (inbound → hub → upstream): each must build its request
   * or refuse it with a ProviderError, never throw anything else.
   */
  upstreams?: ReadonlyArray<{ name: string; adapter: ProviderAdapter; target: UpstreamTarget }>;
  answers: readonly InboundAnswerCase[];
  /**
   * The protocol's own client reading an encoded whole answer and an encoded stream (the vendor's SDK where it
   * can be given text): the two must come out equal.
   */
  readAnswer(text: string): Promise<unknown>;
  readStream(text: string): Promise<unknown>;
  /** Headers that carry the key `sk-conformance` the way this protocol's clients send it. */
  credentialHeaders: Record<string, string>;
}

/**
 * The shared suite every inbound surface passes: its requests reach the hub form the adapters take (and through
 * them, the upstreams), its answers come back the same whole and streamed, its errors keep their status.
 */
export function runInboundConformanceSuite<Request>(options: InboundConformanceOptions<Request>): void {
  const { surface } = options;
  // Answers are encoded for the first valid request (a surface may read the request, e.g. for its tool names).
  const contextOf = (): InboundContext<Request> => ({
    responseId: 'resp_conformance1',
    created: 1_700_000_000,
    publicModel: 'conformance-model',
    request: surface.parseRequest(options.requests[0]?.body).request,
  });
  describe(`inbound surface ${surface.protocol}: conformance`, () => {
    it('reads the key from its own credential header, as fetch Headers and as Node hands them over', () => {
      const nodeHeaders = Object.fromEntries(
        Object.entries(options.credentialHeaders).map(([key, value]) => [key.toLowerCase(), value]),
      );
      const query = new URLSearchParams();
      expect(surface.readCredential(new Headers(options.credentialHeaders), query)).toBe('sk-conformance');
      expect(surface.readCredential(nodeHeaders, query)).toBe('sk-conformance');
      expect(surface.readCredential({}, query)).toBeUndefined();
    });

    for (const { name, body } of options.requests) {
      describe(`request ${name}`, () => {
        it('parses', () => {
          const parsed = surface.parseRequest(body);
          expect(typeof parsed.model).toBe('string');
          expect(typeof parsed.stream).toBe('boolean');
        });

        for (const model of options.models) {
          it(`becomes a valid hub request for ${model.id}, and every upstream takes it`, () => {
            const parsed = surface.parseRequest(body);
            let hub: ReturnType<typeof surface.toHubRequest>;
            try {
              hub = surface.toHubRequest(parsed.request, model);
            } catch (error) {
              // A field this model cannot honour is a 400 naming it, never another kind of failure.
              expect(isProviderError(error), String(error)).toBe(true);
              return;
            }
            const checked = chatCompletionRequestSchema.safeParse(hub.request);
            expect(checked.success, JSON.stringify(checked.error?.issues ?? [])).toBe(true);
            for (const warning of hub.warnings) {
              expect(warning.param).toBeTruthy();
              expect(warning.message).toBeTruthy();
            }
            for (const upstream of options.upstreams ?? []) {
              try {
                const call = upstream.adapter.toUpstream(hub.request, upstream.target);
                expect(() => JSON.stringify(call.request.body), upstream.name).not.toThrow();
              } catch (error) {
                expect(isProviderError(error), `${upstream.name}: ${String(error)}`).toBe(true);
              }
            }
          });
        }
      });
    }

    for (const { name, body, param } of options.invalidRequests) {
      it(`refuses ${name} with a 400 naming ${param}`, () => {
        const error = catchProviderError(() => surface.parseRequest(body));
        expect(error.status).toBe(400);
        expect(error.param).toBe(param);
      });
    }

    for (const answer of options.answers) {
      it(`answers ${answer.name} the same whole and streamed`, async () => {
        const context = contextOf();
        const whole = await options.readAnswer(surface.encodeResponse(answer.completion, context));
        const blocks = createChunkBlockifier();
        const encoder = surface.createStreamEncoder(context);
        let text = '';
        for (const chunk of answer.chunks)
          for (const event of blocks.push(chunk)) text += encoder.push(event);
        for (const event of blocks.finish()) text += encoder.push(event);
        text += encoder.finish();
        expect(await options.readStream(text)).toEqual(whole);
      });
    }

    it('keeps the status of every error and writes JSON', () => {
      for (const status of [400, 401, 403, 404, 413, 429, 500, 503, 504, 529]) {
        const encoded = surface.encodeError({ status, type: 'api_error', message: `failure ${status}` });
        expect(encoded.status).toBe(status);
        expect(JSON.stringify(JSON.parse(encoded.body))).toContain(`failure ${status}`);
      }
    });

    it('ends a started stream with an error the protocol can read', () => {
      const encoder = surface.createStreamEncoder(contextOf());
      expect(encoder.fail({ status: 529, type: 'overloaded_error', message: 'busy now' })).toContain(
        'busy now',
      );
    });
  });
}
