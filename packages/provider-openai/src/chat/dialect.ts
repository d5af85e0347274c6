import type { ChatCompletionRequest, FinishReason } from '@llmux/contract';
import type {
  ModelCapabilities,
  ParameterSupport,
  TranslationWarning,
  UpstreamTarget,
} from '@llmux/provider-kit';

/**
 * How an upstream error is classified once its vendor code is known. Mapped onto a status, an error
 * type and retry advice in one place (`errors.ts`).
 */
export type UpstreamErrorKind =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'rate_limit'
  | 'quota'
  | 'overloaded'
  | 'server'
  | 'content_filter'
  | 'timeout';

/** What a vendor's finish reason means: an OpenAI finish reason, or an error the stream must end with. */
export type FinishReasonMapping = FinishReason | { error: UpstreamErrorKind };

/** What the dialect's request hook gets: the request, where it goes, and the warnings list to add to. */
export interface RequestHookContext {
  request: ChatCompletionRequest;
  target: UpstreamTarget;
  /** The capabilities in effect for this request (after `adjustCapabilities`). */
  capabilities: ModelCapabilities;
  warnings: TranslationWarning[];
}

/**
 * Everything that differs between two servers that speak OpenAI's Chat Completions dialect. OpenAI is
 * one dialect (`openAIChatDialect`); each vendor profile in `@llmux/provider-openai-compatible` is
 * another. The translation code (`convert-*.ts`) is shared and reads its choices from here, so a
 * vendor is data plus, where data is not enough, a small hook.
 */
export interface ChatDialect {
  /** A short name for logs, metrics and messages (`openai`, `deepseek`). */
  readonly name: string;
  /** Appended to `target.baseUrl` (`/chat/completions`). */
  readonly path: string;
  /** A path that depends on the target (Ark serves `bot-…` ids under `/bots/chat/completions`). */
  resolvePath?(target: UpstreamTarget): string;
  /** Request headers, credentials included. */
  createHeaders(target: UpstreamTarget): Record<string, string>;
  /**
   * The capabilities in effect for one request, when they depend on the request itself (gpt-5.1 takes
   * temperature again when `reasoning_effort` is `none`). Defaults to the catalog's capabilities.
   */
  adjustCapabilities?(capabilities: ModelCapabilities, request: ChatCompletionRequest): ModelCapabilities;
  /** The role system and developer messages are sent as; `as-sent` keeps the client's choice. */
  instructionRole(capabilities: ModelCapabilities): 'system' | 'developer' | 'as-sent';
  /** Where the output limit goes. */
  maxTokensField(capabilities: ModelCapabilities): 'max_tokens' | 'max_completion_tokens';
  /**
   * The temperature a model without a temperature knob (`capabilities.temperature: null`) runs at, when
   * it is not OpenAI's 1: a client sending exactly that value is served (the field left out) instead of
   * refused. Kimi k2.5 runs at 0.6 with thinking off.
   */
  fixedTemperature?(request: ChatCompletionRequest): number;
  /** A temperature outside the model's range: moved to the nearest bound (with a warning) or a 400. */
  readonly temperatureOutOfRange: 'clamp' | 'reject';
  /** Whether content given as an array of text parts is sent as one string (for vendors that want strings). */
  readonly flattenTextParts: boolean;
  /**
   * What happens to `reasoning_content` on assistant messages the client sends back: sent as is
   * (DeepSeek, Kimi), as MiniMax's `reasoning_details: [{type: 'reasoning.text', text}]`, or not at all
   * (OpenAI, which never returns reasoning text).
   */
  readonly reasoningContentUpstream: 'pass' | 'reasoning_details' | 'omit';
  /** Named `tool_choice` (`{type: 'function', function: {name}}`) support. */
  readonly namedToolChoice: boolean;
  /** `tool_choice: 'none'`: sent as is, or honoured by not sending the tools at all. */
  readonly toolChoiceNone: 'pass' | 'omit-tools';
  /** `user`: sent as is, under another name, or not sent (with a warning). */
  readonly user: 'pass' | 'omit' | { rename: string };
  /** Whether the upstream understands `stream_options.include_usage`. */
  readonly streamOptions: boolean;
  /** Top-level request fields outside the contract that are forwarded untouched when a client sends them. */
  readonly passThroughFields: readonly string[];
  /** Vendor finish reasons beyond OpenAI's five (`sensitive` → `content_filter`). */
  readonly finishReasons: Readonly<Record<string, FinishReasonMapping>>;
  /** xAI counts reasoning tokens outside `completion_tokens`; OpenAI counts them inside. */
  readonly completionTokensExcludeReasoning: boolean;
  /**
   * The server's answers already meet the contract (OpenAI's own do, by definition): the adapter offers the
   * gateway a relay that forwards their text with only `model` rewritten (`UpstreamCall.relay`). A
   * deployment's option `relay: false` turns it off, for a server that only claims to be OpenAI.
   */
  readonly relay?: boolean;
  /** Vendor error codes or types (`insufficient_quota`, `1113`) and what they mean. */
  readonly errorCodes: Readonly<Record<string, UpstreamErrorKind>>;
  /**
   * Fields the model serves for some requests only, as the support table the gateway checks should show
   * them (instead of `reject`): `adjustCapabilities` lifts them for the requests that qualify, and the
   * adapter refuses the others itself. OpenAI: temperature, top_p and logprobs of gpt-5.1 and later,
   * which reasoning_effort "none" turns back on.
   */
  conditionalSupport?(capabilities: ModelCapabilities): Partial<ParameterSupport>;
  /** Last word on the support table (a vendor that translates `reasoning_effort` into its own switch). */
  adjustParameterSupport?(support: ParameterSupport, capabilities: ModelCapabilities): ParameterSupport;
  /** Last word on the body: vendor switches (`thinking`, `enable_thinking`) and renames. Mutates `body`. */
  adjustRequest?(body: Record<string, unknown>, context: RequestHookContext): void;
}
