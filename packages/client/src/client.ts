import type { ChatCompletion, ChatCompletionRequest, Model, ModelList } from '@llmux/contract';
import { errorFromResponseText, LlmuxError } from './errors.js';
import { ChatCompletionStream } from './stream.js';

export interface ClientOptions {
  /** The API root, e.g. `http://127.0.0.1:8787/v1`. */
  baseURL: string;
  apiKey?: string;
  /** Defaults to the global `fetch`; inject one for tests, proxies or older runtimes. */
  fetch?: typeof fetch;
  /** Sent with every request. */
  headers?: Record<string, string>;
}

export interface RequestOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/** A gateway-issued key as the admin API describes it (the secret only in the answer to `create`). */
export interface GatewayKey {
  id: string;
  name: string;
  key?: string;
  models: string[] | null;
  expires_at: string | null;
  created_at: string;
  revoked_at?: string | null;
  rpm_limit?: number | null;
  tpm_limit?: number | null;
  max_parallel_requests?: number | null;
  /** USD. */
  max_budget?: number | null;
  /** `15s`, `1h`, `30d`; null = lifetime. */
  budget_duration?: string | null;
  /** When the current budget period ends (ISO 8601); null for a lifetime budget. */
  budget_reset_at?: string | null;
  /** USD spent in the current budget period. */
  spend_usd?: number;
  [extra: string]: unknown;
}

/** A key's limits (LiteLLM's names); in an update, null removes a limit and an absent field leaves it. */
export interface KeyLimitsRequest {
  rpm_limit?: number | null;
  tpm_limit?: number | null;
  max_parallel_requests?: number | null;
  max_budget?: number | null;
  budget_duration?: string | null;
}

export interface CreateKeyRequest extends KeyLimitsRequest {
  name: string;
  models?: string[];
  expires_at?: string;
}

export type UpdateKeyRequest = KeyLimitsRequest;

export interface UsageQuery {
  since?: string;
  until?: string;
  key_id?: string;
}

/** The admin usage report; its exact fields are the gateway's (see its README). */
export type UsageReport = Record<string, unknown>;

type StreamingRequest = ChatCompletionRequest & { stream: true };

/** A result together with the HTTP response it came from (status, headers such as `x-llmux-warnings`). */
export interface WithResponse<T> {
  data: T;
  response: Response;
}

/**
 * What the client's calls return: a promise of the result that can also give the HTTP response, as the
 * openai SDK does, for headers the body does not carry (`x-request-id`, `x-llmux-warnings`,
 * `x-llmux-simulated`): `const { data, response } = await client.chat.completions.create(r).withResponse()`.
 */
export interface ResponsePromise<T> extends Promise<T> {
  withResponse(): Promise<WithResponse<T>>;
}

function toResponsePromise<T>(started: Promise<WithResponse<T>>): ResponsePromise<T> {
  const data = started.then((result) => result.data);
  // A caller who uses only withResponse() handles the failure there; without this the derived promise
  // would also reject, unobserved, and crash Node with an unhandled rejection.
  data.catch(() => {});
  return Object.assign(data, { withResponse: () => started });
}

export interface LlmuxClient {
  chat: {
    completions: {
      create(request: StreamingRequest, options?: RequestOptions): ResponsePromise<ChatCompletionStream>;
      create(
        request: ChatCompletionRequest & { stream?: false | null },
        options?: RequestOptions,
      ): ResponsePromise<ChatCompletion>;
      create(
        request: ChatCompletionRequest,
        options?: RequestOptions,
      ): ResponsePromise<ChatCompletion | ChatCompletionStream>;
    };
  };
  models: {
    list(options?: RequestOptions): ResponsePromise<ModelList>;
    retrieve(id: string, options?: RequestOptions): ResponsePromise<Model>;
  };
  admin: {
    keys: {
      create(request: CreateKeyRequest, options?: RequestOptions): Promise<GatewayKey>;
      list(options?: RequestOptions): Promise<GatewayKey[]>;
      /** One key with its limits, the current period's spend and its reset time. */
      retrieve(id: string, options?: RequestOptions): Promise<GatewayKey>;
      /** PATCH /admin/keys/{id}: changes limits; the next request sees them. */
      update(id: string, request: UpdateKeyRequest, options?: RequestOptions): Promise<GatewayKey>;
      revoke(id: string, options?: RequestOptions): Promise<void>;
    };
    usage(query?: UsageQuery, options?: RequestOptions): Promise<UsageReport>;
  };
}

/**
 * A small typed client for llmux (and any OpenAI-compatible endpoint). No Node-only APIs: it runs in
 * Node 20+, Deno, Bun and browsers.
 *
 * @example
 * const client = createClient({ baseURL: 'http://127.0.0.1:8787/v1', apiKey: process.env.LLMUX_API_KEY });
 * const stream = await client.chat.completions.create({ model: 'claude-sonnet-4-6', messages, stream: true });
 * for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? '');
 */
export function createClient(options: ClientOptions): LlmuxClient {
  const baseURL = options.baseURL.replace(/\/+$/, '');
  // The admin API lives beside /v1, not under it.
  const rootURL = baseURL.replace(/\/v1$/, '');
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);

  async function send(
    url: string,
    init: { method: string; body?: unknown },
    requestOptions: RequestOptions = {},
  ) {
    const controller = new AbortController();
    const outer = requestOptions.signal;
    const forwardAbort = () => controller.abort(outer?.reason);
    if (outer) {
      if (outer.aborted) controller.abort(outer.reason);
      else outer.addEventListener('abort', forwardAbort, { once: true });
    }
    // A caller may share one signal across many requests: each one removes its listener when done.
    const release = () => outer?.removeEventListener('abort', forwardAbort);
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...options.headers,
      ...requestOptions.headers,
    };
    if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: init.method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: controller.signal,
      });
    } catch (cause) {
      release();
      if (controller.signal.aborted)
        throw new LlmuxError({ status: 0, message: 'The request was aborted', code: 'aborted', cause });
      const reason = (cause as { cause?: { code?: string; message?: string } })?.cause;
      const detail = reason?.code ?? reason?.message ?? (cause as Error)?.message ?? String(cause);
      throw new LlmuxError({
        status: 0,
        message: `Cannot reach ${url}: ${detail}`,
        code: 'connection_error',
        cause,
      });
    }
    const requestId = response.headers.get('x-request-id');
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      release();
      throw errorFromResponseText(response.status, response.statusText, text, requestId);
    }
    return { response, controller, requestId, release };
  }

  async function jsonWithResponse<T>(
    url: string,
    init: { method: string; body?: unknown },
    requestOptions?: RequestOptions,
  ): Promise<WithResponse<T>> {
    const { response, requestId, release } = await send(url, init, requestOptions);
    let text: string;
    try {
      text = response.status === 204 ? '' : await response.text();
    } finally {
      release();
    }
    if (response.status === 204) return { data: undefined as T, response };
    try {
      return { data: (text.length > 0 ? JSON.parse(text) : undefined) as T, response };
    } catch (cause) {
      throw new LlmuxError({
        status: response.status,
        message: `The answer is not JSON: ${text.slice(0, 200)}`,
        requestId,
        cause,
      });
    }
  }

  function json<T>(
    url: string,
    init: { method: string; body?: unknown },
    requestOptions?: RequestOptions,
  ): ResponsePromise<T> {
    return toResponsePromise(jsonWithResponse<T>(url, init, requestOptions));
  }

  async function startCompletion(
    request: ChatCompletionRequest,
    requestOptions?: RequestOptions,
  ): Promise<WithResponse<ChatCompletion | ChatCompletionStream>> {
    const url = `${baseURL}/chat/completions`;
    if (request.stream !== true)
      return jsonWithResponse<ChatCompletion>(url, { method: 'POST', body: request }, requestOptions);
    const { response, controller, release } = await send(
      url,
      { method: 'POST', body: request },
      { ...requestOptions, headers: { accept: 'text/event-stream', ...requestOptions?.headers } },
    );
    return { data: new ChatCompletionStream(response, controller, release), response };
  }

  const createCompletion = (request: ChatCompletionRequest, requestOptions?: RequestOptions) =>
    toResponsePromise(startCompletion(request, requestOptions));

  return {
    chat: { completions: { create: createCompletion as LlmuxClient['chat']['completions']['create'] } },
    models: {
      list: (requestOptions) => json<ModelList>(`${baseURL}/models`, { method: 'GET' }, requestOptions),
      retrieve: (id, requestOptions) =>
        json<Model>(`${baseURL}/models/${encodeURIComponent(id)}`, { method: 'GET' }, requestOptions),
    },
    admin: {
      keys: {
        create: (request, requestOptions) =>
          json<GatewayKey>(`${rootURL}/admin/keys`, { method: 'POST', body: request }, requestOptions),
        list: async (requestOptions) => {
          const answer = await json<{ data: GatewayKey[] } | GatewayKey[]>(
            `${rootURL}/admin/keys`,
            { method: 'GET' },
            requestOptions,
          );
          return Array.isArray(answer) ? answer : answer.data;
        },
        retrieve: (id, requestOptions) =>
          json<GatewayKey>(
            `${rootURL}/admin/keys/${encodeURIComponent(id)}`,
            { method: 'GET' },
            requestOptions,
          ),
        update: (id, request, requestOptions) =>
          json<GatewayKey>(
            `${rootURL}/admin/keys/${encodeURIComponent(id)}`,
            { method: 'PATCH', body: request },
            requestOptions,
          ),
        revoke: async (id, requestOptions) => {
          await json<unknown>(
            `${rootURL}/admin/keys/${encodeURIComponent(id)}`,
            { method: 'DELETE' },
            requestOptions,
          );
        },
      },
      usage: (query = {}, requestOptions) => {
        const search = new URLSearchParams();
        for (const [name, value] of Object.entries(query)) if (value !== undefined) search.set(name, value);
        const suffix = search.size > 0 ? `?${search}` : '';
        return json<UsageReport>(`${rootURL}/admin/usage${suffix}`, { method: 'GET' }, requestOptions);
      },
    },
  };
}
