import type { ChatCompletionChunk, ChatCompletionRequest } from '@llmux/contract';
import type { SseEvent } from '@llmux/sse';
import { describe, expect, it } from 'vitest';
import {
  ADAPTER_INTERFACE_VERSION,
  type ProviderAdapter,
  type ResponseContext,
  type UpstreamTarget,
} from '../adapter.js';
import { checkParameters } from '../parameter-policy.js';
import { paramOfField, requestedFields, SUPPORT_FIELDS, type SupportField } from '../parameter-support.js';
import { isProviderError, type ProviderError } from '../provider-error.js';
import { mapUpstreamStatus, parseRetryAfter } from '../upstream-errors.js';
import {
  type ConformanceFixtures,
  ERROR_KINDS,
  type ErrorCase,
  type ExpectedAnswer,
  type FailingStreamCase,
  isNotApplicable,
  RESPONSE_KINDS,
  type ResponseCase,
  readStreamFixture,
} from './fixtures.js';
import {
  type Answer,
  accumulateStream,
  answerOfCompletion,
  checkCompletion,
  checkStreamChunks,
  compareAnswers,
} from './invariants.js';
import { validateErrorBody } from './openai-schema.js';
import { NO_CAPABILITIES, sampleRequestFor } from './sample-requests.js';

export { NO_CAPABILITIES, sampleRequestFor };

export interface ConformanceOptions {
  adapter: ProviderAdapter;
  /** A target whose capabilities are the richest model's of this adapter (fixtures are checked against it). */
  target: UpstreamTarget;
  fixtures: ConformanceFixtures;
}

/** Fields whose `pass` mode means: the same key, the same value, at the top of the upstream body. */
const TOP_LEVEL_PASS: Partial<Record<SupportField, keyof ChatCompletionRequest>> = {
  temperature: 'temperature',
  top_p: 'top_p',
  frequency_penalty: 'frequency_penalty',
  presence_penalty: 'presence_penalty',
  stop: 'stop',
  n: 'n',
  user: 'user',
  seed: 'seed',
  logit_bias: 'logit_bias',
  parallel_tool_calls: 'parallel_tool_calls',
  reasoning_effort: 'reasoning_effort',
};

/** A deterministic context: fixed id and clock, tool-call ids `call_conformance_<n>`. */
export function createConformanceContext(
  request: ChatCompletionRequest,
  publicModel: string,
): ResponseContext {
  let next = 0;
  return {
    completionId: 'chatcmpl-conformance',
    created: 1_700_000_000,
    publicModel,
    request,
    generateToolCallId: () => `call_conformance_${next++}`,
  };
}

/** Pushes every event through a fresh translator, then finishes it. */
export function translateEvents(
  adapter: ProviderAdapter,
  events: readonly SseEvent[],
  context: ResponseContext,
): ChatCompletionChunk[] {
  const translator = adapter.createStreamTranslator(context);
  const chunks: ChatCompletionChunk[] = [];
  for (const event of events) chunks.push(...translator.push(event));
  chunks.push(...translator.finish());
  return chunks;
}

/**
 * Registers the conformance suite (vitest `describe`/`it` blocks) for one adapter. Call it at the top
 * level of the adapter's `conformance.test.ts`.
 *
 * What it checks, beyond the fixtures' expected values: every completion and chunk validates against
 * OpenAI's JSON Schema; stream invariants (role first, one finish_reason per choice, usage chunk last
 * with `choices: []`, stable id/created/model, dense tool-call indices); whole and streamed answers
 * agree; errors map to the right status, retryability and retry-after; malformed and truncated streams
 * and whole bodies of the wrong shape throw a ProviderError; `parameterSupport` covers every field and each `reject` answers a 400 naming it;
 * a `pass` field reaches the upstream body unchanged.
 *
 * @example
 * runConformanceSuite({ adapter: createAnthropicAdapter(), target, fixtures });
 */
export function runConformanceSuite({ adapter, target, fixtures }: ConformanceOptions): void {
  const baseRequest: ChatCompletionRequest = {
    model: target.publicModel,
    messages: [{ role: 'user', content: 'Hello' }],
  };
  const requestOf = (extra: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest => ({
    ...baseRequest,
    ...extra,
  });
  const contextOf = (request: ChatCompletionRequest) => createConformanceContext(request, target.publicModel);

  describe(`conformance: ${adapter.name} (${adapter.protocol})`, () => {
    it('implements the current adapter interface', () => {
      expect(adapter.interfaceVersion).toBe(ADAPTER_INTERFACE_VERSION);
      for (const method of [
        'parameterSupport',
        'toUpstream',
        'fromResponse',
        'createStreamTranslator',
        'fromStream',
        'fromError',
      ] as const) {
        expect(typeof adapter[method], method).toBe('function');
      }
    });

    describe('parameter support', () => {
      for (const [label, capabilities] of [
        ['the target model', target.capabilities],
        ['a model with no optional capability', NO_CAPABILITIES],
      ] as const) {
        it(`covers every request field for ${label}`, () => {
          const support = adapter.parameterSupport(capabilities);
          expect(Object.keys(support).sort()).toEqual([...SUPPORT_FIELDS].sort());
          for (const field of SUPPORT_FIELDS) {
            expect(['pass', 'translate', 'emulate', 'reject'], field).toContain(support[field].mode);
          }
          expect(support.messages.mode).not.toBe('reject');
          expect(support.stream.mode).not.toBe('reject');
        });

        it(`answers a 400 naming each rejected field for ${label}`, () => {
          const support = adapter.parameterSupport(capabilities);
          const scopedTarget = { ...target, capabilities };
          for (const field of SUPPORT_FIELDS.filter((name) => support[name].mode === 'reject')) {
            const request = requestOf(sampleRequestFor(field, capabilities));
            expect(requestedFields(request), `the sample request for ${field}`).toContain(field);
            const error = catchError(() => {
              checkParameters(request, support);
              adapter.toUpstream(request, scopedTarget);
            });
            expect(isProviderError(error), `${field} must be refused with a ProviderError`).toBe(true);
            expect((error as ProviderError).status, field).toBe(400);
            // The sample may ask for a companion field (tool_choice comes with tools); either may be named.
            const rejected = requestedFields(request)
              .filter((name) => support[name].mode === 'reject')
              .map(paramOfField);
            expect(rejected, field).toContain((error as ProviderError).param);
            expect(validateErrorBody((error as ProviderError).toErrorBody())).toEqual([]);
          }
        });
      }
    });

    describe('requests', () => {
      const support = adapter.parameterSupport(target.capabilities);
      it('has request fixtures only for fields it translates (a misspelt key would be ignored)', () => {
        const unused = Object.keys(fixtures.requests ?? {}).filter(
          (key) =>
            !(SUPPORT_FIELDS as readonly string[]).includes(key) ||
            support[key as SupportField].mode === 'reject',
        );
        expect(unused, 'fixtures.requests keys that no request test reads').toEqual([]);
      });
      for (const field of SUPPORT_FIELDS) {
        if (support[field].mode === 'reject') continue;
        const fixture = fixtures.requests?.[field];
        it(`translates ${field} (${support[field].mode})`, () => {
          const request = requestOf(fixture?.request ?? sampleRequestFor(field, target.capabilities));
          const { request: upstream, warnings } = adapter.toUpstream(request, target);
          expect(Array.isArray(warnings)).toBe(true);
          expect(upstream.method).toBe('POST');
          expect(upstream.url.startsWith(target.baseUrl), `${upstream.url} is under ${target.baseUrl}`).toBe(
            true,
          );
          for (const [name, value] of Object.entries(upstream.headers))
            expect(typeof value, name).toBe('string');
          expect(JSON.parse(JSON.stringify(upstream.body))).toEqual(upstream.body);
          expect(JSON.stringify(upstream.body)).not.toContain(target.apiKey);
          expect(upstream.url).not.toContain(target.apiKey);
          expect(upstream.stream, 'the upstream streams exactly when the client asked to').toBe(
            request.stream === true,
          );
          const key = TOP_LEVEL_PASS[field];
          if (support[field].mode === 'pass' && key !== undefined) {
            expect(
              upstream.body[key],
              `${field} is declared pass: the same value under the same key`,
            ).toEqual(request[key]);
          }
          if (fixture?.expectedBody) expect(upstream.body).toMatchObject(fixture.expectedBody);
          else expect(upstream.body).toMatchSnapshot();
        });
      }
    });

    describe('responses', () => {
      const kinds = [...new Set([...RESPONSE_KINDS, ...Object.keys(fixtures.responses)])];
      for (const kind of kinds) {
        const fixture = fixtures.responses[kind];
        if (fixture === undefined) {
          it(`has a fixture for ${kind}`, () => {
            expect.fail(`fixtures.responses.${kind} is missing (give it, or { notApplicable: 'why' })`);
          });
          continue;
        }
        if (isNotApplicable(fixture)) {
          it.skip(`${kind}: not applicable (${fixture.notApplicable})`, () => {});
          continue;
        }
        defineResponseTests(kind, fixture);
      }
    });

    function defineResponseTests(kind: string, fixture: ResponseCase): void {
      const request = requestOf(fixture.request);
      let whole: Answer | undefined;
      let streamed: Answer | undefined;
      if (!fixture.whole && !fixture.stream) {
        it(`${kind}: has a whole or a streamed fixture`, () => expect.fail('give whole, stream or both'));
        return;
      }
      if (fixture.whole) {
        const { body, expected } = fixture.whole;
        it(`${kind}: translates the whole answer`, () => {
          const completion = adapter.fromResponse(body, contextOf(request));
          checkCompletion(completion, contextOf(request));
          whole = answerOfCompletion(completion);
          expectAnswer(whole, expected, 'whole');
        });
      }
      it(`${kind}: its expected answers show what the kind is about`, () => {
        const forms = [fixture.whole?.expected, fixture.stream?.expected].filter(
          (expected): expected is ExpectedAnswer => expected !== undefined,
        );
        for (const expected of forms) expectKindShown(kind, expected);
        if (kind === 'usageDetails') {
          expect(
            forms.some((expected) => (expected.usage?.prompt_tokens_details?.cached_tokens ?? 0) > 0),
            'usageDetails: at least one form expects prompt_tokens_details.cached_tokens > 0',
          ).toBe(true);
        }
      });
      if (fixture.stream) {
        const { events, expected } = fixture.stream;
        it(`${kind}: translates the stream`, async () => {
          const streamRequest = { ...request, stream: true };
          const chunks = translateEvents(adapter, readStreamFixture(events), contextOf(streamRequest));
          checkStreamChunks(chunks, contextOf(streamRequest));
          streamed = accumulateStream(chunks);
          expectAnswer(streamed, expected, 'stream');
          const viaFromStream: ChatCompletionChunk[] = [];
          for await (const chunk of adapter.fromStream(
            toAsync(readStreamFixture(events)),
            contextOf(streamRequest),
          )) {
            viaFromStream.push(chunk);
          }
          expect(viaFromStream, 'fromStream yields what the translator does').toEqual(chunks);
        });
      }
      if (fixture.whole && fixture.stream && fixture.sameAnswer !== false) {
        it(`${kind}: the accumulated stream equals the whole answer`, () => {
          expect(whole && streamed, 'both translations succeeded').toBeTruthy();
          compareAnswers(whole!, streamed!);
        });
      }
    }

    describe('errors', () => {
      const kinds = [...new Set([...ERROR_KINDS, ...Object.keys(fixtures.errors)])];
      for (const kind of kinds) {
        const fixture = fixtures.errors[kind];
        if (fixture === undefined) {
          it(`has an error fixture for ${kind}`, () => expect.fail(`fixtures.errors.${kind} is missing`));
          continue;
        }
        if (isNotApplicable(fixture)) {
          it.skip(`${kind}: not applicable (${fixture.notApplicable})`, () => {});
          continue;
        }
        it(`${kind}: maps HTTP ${fixture.status} to a ProviderError`, () => {
          expectError(kind, fixture);
        });
      }
    });

    describe('broken whole answers', () => {
      it.each([
        ['an empty object', {}],
        ['null', null],
        ['a string', 'upstream said something odd'],
        ['an array', []],
      ])('turns %s into a ProviderError, never a TypeError', (_label, body) => {
        const error = catchError(() => adapter.fromResponse(body, contextOf(baseRequest)));
        expect(isProviderError(error), `fromResponse must throw a ProviderError, got ${String(error)}`).toBe(
          true,
        );
        expect(validateErrorBody((error as ProviderError).toErrorBody())).toEqual([]);
      });
    });

    describe('broken streams', () => {
      const mid = fixtures.midStreamError;
      if (isNotApplicable(mid)) it.skip(`mid-stream error: not applicable (${mid.notApplicable})`, () => {});
      else {
        it('turns a mid-stream error event into a ProviderError', async () => {
          await expectStreamFailure(mid, 'push-or-finish');
        });
      }

      it('throws from finish() when the stream ends before the terminal event', () => {
        const request = requestOf({ ...fixtures.truncatedStream.request, stream: true });
        const translator = adapter.createStreamTranslator(contextOf(request));
        for (const event of readStreamFixture(fixtures.truncatedStream.events)) translator.push(event);
        const error = catchError(() => translator.finish());
        expect(isProviderError(error), `finish() must throw a ProviderError, got ${String(error)}`).toBe(
          true,
        );
        expectFailureFields(error as ProviderError, fixtures.truncatedStream, 'upstream_stream_incomplete');
      });

      it('turns a malformed event into a ProviderError, never a TypeError or a hang', async () => {
        const malformed = fixtures.malformedStream ?? defaultMalformedStream(fixtures);
        expect(malformed, 'a malformedStream fixture or a streamed text response').toBeDefined();
        await expectStreamFailure(malformed!, 'push-or-finish', 'upstream_malformed_response');
      });
    });

    function expectAnswer(answer: Answer, expected: ExpectedAnswer, form: 'whole' | 'stream'): void {
      expect(answer.choices.length).toBe(expected.choices ?? 1);
      const choice = answer.choices[0]!;
      // A stream cannot tell "" from null; a whole answer must say exactly what is expected.
      if (form === 'stream') expect(choice.content ?? '').toBe(expected.content ?? '');
      else if (expected.content !== undefined) expect(choice.content).toBe(expected.content);
      if (expected.reasoning !== undefined) expect(choice.reasoning).toBe(expected.reasoning);
      expect(choice.toolCalls.map((call) => ({ name: call.name, arguments: call.arguments }))).toEqual(
        expected.toolCalls ?? [],
      );
      for (const call of choice.toolCalls) expect(call.id).not.toBe('');
      expect(choice.finishReason).toBe(expected.finishReason);
      if (expected.usage) expect(answer.usage).toMatchObject(expected.usage);
    }

    function expectError(kind: string, fixture: ErrorCase): void {
      const headers = fixture.headers ?? {};
      const retryAfterMs = parseRetryAfter(headers);
      const defaults = mapUpstreamStatus(fixture.status, { retryAfterMs });
      const expected = {
        status: defaults.status,
        type: defaults.type,
        retryable: defaults.retryable ?? false,
        failover: defaults.failover ?? defaults.retryable ?? false,
        ...fixture.expected,
      };
      for (const headerForm of [headers, new Headers(headers)]) {
        const error = adapter.fromError(fixture.status, fixture.body, headerForm);
        expect(isProviderError(error), `${kind}: fromError returns a ProviderError`).toBe(true);
        expect({
          status: error.status,
          type: error.type,
          retryable: error.retryable,
          failover: error.failover,
        }).toEqual({
          status: expected.status,
          type: expected.type,
          retryable: expected.retryable,
          failover: expected.failover,
        });
        if (fixture.expected?.code !== undefined) expect(error.code).toBe(fixture.expected.code);
        // Outside a 400 (whose code is the vendor's), a fixture that keeps the table's status and type keeps
        // its code too: the gateway's metrics and clients key on it.
        else if (
          expected.status !== 400 &&
          fixture.expected?.status === undefined &&
          fixture.expected?.type === undefined
        ) {
          expect(error.code, `${kind}: the code of the table`).toBe(defaults.code);
        }
        const wantedRetryAfter = fixture.expected?.retryAfterMs ?? retryAfterMs;
        if (kind === 'rateLimited') {
          expect(
            wantedRetryAfter,
            'the rateLimited fixture carries retry-after (or expects a retryAfterMs)',
          ).toBeDefined();
        }
        if (wantedRetryAfter !== undefined) expect(error.retryAfterMs).toBe(wantedRetryAfter);
        expect(validateErrorBody(error.toErrorBody())).toEqual([]);
        expect(error.message).not.toContain(target.apiKey);
        expect(error.message).not.toContain(new URL(target.baseUrl).host);
      }
    }

    async function expectStreamFailure(
      fixture: FailingStreamCase,
      _where: 'push-or-finish',
      defaultCode?: string,
    ): Promise<void> {
      const request = requestOf({ ...fixture.request, stream: true });
      const events = readStreamFixture(fixture.events);
      const error = catchError(() => translateEvents(adapter, events, contextOf(request)));
      expect(isProviderError(error), `the translator must throw a ProviderError, got ${String(error)}`).toBe(
        true,
      );
      expectFailureFields(error as ProviderError, fixture, defaultCode);
      let asyncError: unknown;
      try {
        for await (const _chunk of adapter.fromStream(toAsync(events), contextOf(request))) {
          // drain
        }
      } catch (caught) {
        asyncError = caught;
      }
      expect(isProviderError(asyncError), 'fromStream must reject with a ProviderError').toBe(true);
    }

    function expectFailureFields(
      error: ProviderError,
      fixture: FailingStreamCase,
      defaultCode?: string,
    ): void {
      if (fixture.expected?.status !== undefined) expect(error.status).toBe(fixture.expected.status);
      const code = fixture.expected?.code ?? defaultCode;
      if (code !== undefined) expect(error.code, 'the code of the README failure table').toBe(code);
      if (fixture.expected?.retryable !== undefined) expect(error.retryable).toBe(fixture.expected.retryable);
      expect(validateErrorBody(error.toErrorBody())).toEqual([]);
    }
  });
}

/**
 * The property that makes a response fixture the kind it is filed under, so a fixture filed as
 * `finishLength` that finishes with `stop` (or a `reasoning` one that expects no reasoning) fails
 * instead of passing without testing anything. Exported for its own test, not from the package.
 */
export function expectKindShown(kind: string, expected: ExpectedAnswer): void {
  const calls = expected.toolCalls ?? [];
  switch (kind) {
    case 'text':
      expect(expected.content, 'text: expects some content').toBeTruthy();
      expect(calls, 'text: expects no tool call').toEqual([]);
      break;
    case 'toolCall':
      expect(calls, 'toolCall: expects exactly one tool call').toHaveLength(1);
      expect(expected.finishReason, 'toolCall: finishes with tool_calls').toBe('tool_calls');
      break;
    case 'parallelToolCalls':
      expect(calls.length, 'parallelToolCalls: expects at least two tool calls').toBeGreaterThan(1);
      expect(expected.finishReason, 'parallelToolCalls: finishes with tool_calls').toBe('tool_calls');
      break;
    case 'toolCallArgumentsSplit':
      expect(calls.length, 'toolCallArgumentsSplit: expects a tool call').toBeGreaterThan(0);
      break;
    case 'toolCallNoArguments':
      expect(
        calls.some((call) => call.arguments === '' || call.arguments === '{}'),
        'toolCallNoArguments: expects a call with empty arguments ("" or "{}")',
      ).toBe(true);
      break;
    case 'reasoning':
      expect(expected.reasoning, 'reasoning: expects reasoning text').toBeTruthy();
      break;
    case 'usageDetails':
      expect(expected.usage, 'usageDetails: expects usage').toBeDefined();
      break;
    case 'finishLength':
      expect(expected.finishReason, 'finishLength: finishes with length').toBe('length');
      break;
    case 'finishContentFilter':
      expect(expected.finishReason, 'finishContentFilter: finishes with content_filter').toBe(
        'content_filter',
      );
      break;
  }
}

function defaultMalformedStream(fixtures: ConformanceFixtures): FailingStreamCase | undefined {
  const text = fixtures.responses.text;
  if (!text || isNotApplicable(text) || !text.stream) return undefined;
  const events = readStreamFixture(text.stream.events);
  return {
    request: text.request,
    events: [...events.slice(0, 1), { data: '{not json' }, ...events.slice(1)],
  };
}

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

async function* toAsync<T>(items: readonly T[]): AsyncIterable<T> {
  yield* items;
}
