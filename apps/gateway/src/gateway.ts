import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Catalog, createCatalog, listModels } from '@llmux/catalog';
import { openApiDocument } from '@llmux/contract';
import { collectRemoteImages, createPublicOnlyLookup, fetchImageForInlining } from '@llmux/provider-gemini';
import type { InboundSurface, ParameterSupport, ProviderAdapter } from '@llmux/provider-kit';
import type { Simulator } from '@llmux/simulators';
import type pino from 'pino';
import { Agent, fetch as undiciFetch } from 'undici';
import { type AdapterLookup, createAdapterRegistry } from './adapters.js';
import {
  type AdminDependencies,
  handleCreateKey,
  handleDeleteKey,
  handleGetKey,
  handleListKeys,
  handleUpdateKey,
  handleUsage,
} from './admin.js';
import { isModelAllowed, KeyStore, type Principal, resolveMasterKey } from './auth/keys.js';
import { ConfigError, type GatewayConfig, hasAnyVendorKey, type ProviderId } from './config.js';
import { createClientErrorHandler } from './http/client-error.js';
import { GatewayError, sendError, sendJson } from './http/respond.js';
import { createRouteTable } from './http/route-table.js';
import { serverOptionsOf } from './http/server-options.js';
import { INBOUND_ROUTES, inboundRouteOf, methodOf, sendInboundError } from './inbound-routes.js';
import type { Limiter } from './limits/limiter.js';
import { createLimiterFor } from './limits/limiter-factory.js';
import { SqliteSpendStore } from './limits/spend-store.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics, type Metrics } from './metrics.js';
import { listVisibleModelCards, listVisibleModels, toModelObject } from './models.js';
import { type ChatDependencies, handleChatCompletion } from './pipeline/handle-chat.js';
import { handleCountTokens } from './pipeline/handle-count-tokens.js';
import { handleInboundRequest } from './pipeline/handle-inbound.js';
import { createRequestId, createRequestState, type RequestState } from './pipeline/request-state.js';
import {
  buildDeployments,
  type CatalogLike,
  CircuitBreaker,
  type Deployment,
} from './routing/deployments.js';
import { openDatabase, type SqliteDatabase } from './storage/database.js';
import { DatabaseUnavailableError, openPostgres } from './storage/postgres-connection.js';
import { migratePostgres } from './storage/postgres-migrations.js';
import { loadTracing, type Tracing } from './tracing/tracing.js';
import { UpstreamPools } from './upstream/pools.js';
import { UsageStore } from './usage/usage-store.js';

export interface GatewayOptions {
  /** Where log lines go (default: stdout, asynchronously). */
  logDestination?: pino.DestinationStream;
  /** Replaces the adapter registry (tests). */
  adapters?: AdapterLookup;
  /** Prints start-up notices (simulate mode, a generated master key); default: stderr. */
  announce?: (message: string) => void;
  /** Unix ms for limits, budgets and key expiry (tests move it instead of waiting). Default Date.now. */
  clock?: () => number;
}

export interface Gateway {
  readonly config: GatewayConfig;
  readonly server: Server;
  readonly logger: Logger;
  readonly masterKey: string;
  /** True when every model is served by the built-in simulators. */
  readonly simulated: boolean;
  readonly simulator: Simulator | undefined;
  readonly database: SqliteDatabase;
  readonly usage: UsageStore;
  readonly metrics: Metrics;
  readonly limiter: Limiter;
  /** `http://host:port`, once listening. */
  readonly url: string;
  listen(): Promise<string>;
  /**
   * Stops accepting connections, lets in-flight requests finish (up to `timeoutMs`, default the routing
   * config's shutdownTimeoutMs), then closes what is left, commits usage and releases every resource.
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

/** Builds a gateway (storage opened, simulators started in simulate mode) without listening yet. */
export async function createGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<Gateway> {
  const announce = options.announce ?? ((message: string) => process.stderr.write(`${message}\n`));
  const logger = createLogger(config.logLevel, options.logDestination);

  const catalog = buildCatalog(config);
  checkAliases(config, catalog);
  const simulated = config.simulate || (!hasAnyVendorKey(config) && config.deployments.length === 0);
  let simulator: Simulator | undefined;
  let effective = config;
  if (simulated) {
    // Loaded only here: the simulators' code and data are a tenth of the gateway's start-up heap, and every
    // MiB live at start-up became 3–4 MiB of peak memory under load (V8 sizes old space from it).
    const { createSimulator } = await import('@llmux/simulators');
    simulator = await createSimulator({ host: '127.0.0.1', port: 0 });
    const providers = { ...config.providers };
    for (const provider of Object.keys(providers) as ProviderId[]) {
      providers[provider] = { apiKey: 'simulated', baseUrl: simulator.baseUrlFor(provider) };
    }
    effective = { ...config, simulate: true, providers, deployments: [] };
    announce(
      [
        '',
        '  ************************************************************************',
        '  *  SIMULATE MODE: no vendor API key is set (or LLMUX_SIMULATE=1).      *',
        '  *  Every model is answered by the built-in simulators, not a real LLM. *',
        '  *  Responses carry the header x-llmux-simulated: true.                 *',
        '  ************************************************************************',
        '',
      ].join('\n'),
    );
  }

  if (config.databaseUrl !== undefined) {
    // A wrong DATABASE_URL stops start-up with its reason (openPostgres), and the schema is brought up to
    // date under the advisory lock; the PostgreSQL stores themselves are not wired yet, so the gateway then
    // refuses to serve rather than quietly keep keys and usage in one replica's SQLite file.
    const pool = await openPostgres(config.databaseUrl);
    try {
      await migratePostgres(pool);
    } finally {
      await pool.end();
    }
    throw new DatabaseUnavailableError(
      'DATABASE_URL: the database is reachable and migrated, but serving keys and usage from PostgreSQL is not part of this build yet; unset DATABASE_URL to use the embedded store',
    );
  }
  const database = openDatabase(config.dataDir, config.sqliteDriver);
  const master = resolveMasterKey(config.masterKey, config.dataDir);
  if (master.generated) {
    announce(
      `\n  Generated a master key (stored in ${master.path}, mode 0600; shown only this once):\n\n    ${master.key}\n`,
    );
  }
  const clock = options.clock ?? Date.now;
  const keys = new KeyStore(database, master.key, clock);
  const usage = new UsageStore(database, config.dataDir, {
    onError: (error) => logger.error({ err: error }, 'usage batch commit failed; rows stay in the journal'),
  });
  if (usage.replayed > 0) logger.info({ rows: usage.replayed }, 'replayed usage journal');
  // After the journal's replay: the spend it settled is in key_spend by now.
  const limiter = createLimiterFor(config, { sqliteSpend: new SqliteSpendStore(database) }, { clock });

  const adapters = options.adapters ?? createAdapterRegistry();
  const allDeployments = buildDeployments(effective, catalog);
  const deployments = new Map<string, Deployment[]>();
  const missingAdapters = new Set<string>();
  for (const [model, list] of allDeployments) {
    const usable = list.filter((deployment) => {
      if (adapters(deployment.provider, deployment.protocol) !== undefined) return true;
      missingAdapters.add(`${deployment.provider}/${deployment.protocol}`);
      return false;
    });
    if (usable.length > 0) deployments.set(model, usable);
  }
  if (missingAdapters.size > 0) {
    logger.warn(
      { endpoints: [...missingAdapters] },
      'no adapter for these endpoints yet; their deployments are skipped',
    );
  }
  logger.info(
    {
      models: deployments.size,
      simulated,
      deployments: [...deployments.values()].reduce((n, l) => n + l.length, 0),
    },
    'routing table built',
  );

  const metrics = createMetrics();
  const tracing: Tracing | undefined = await loadTracing(config.tracing, logger);
  const pools = new UpstreamPools();
  const breaker = new CircuitBreaker(config.routing.failureThreshold, config.routing.cooldownMs);
  const adapterFor = (deployment: Deployment): ProviderAdapter =>
    adapters(deployment.provider, deployment.protocol)!;
  const supportCache = new Map<string, ParameterSupport>();
  // Image downloads (for Gemini) resolve host names through a lookup that refuses private, loopback and
  // link-local addresses at connect time, so a DNS answer that changes after the URL check (rebinding)
  // cannot reach the gateway's own network.
  const imageAgent = new Agent({ connect: { lookup: createPublicOnlyLookup() } });
  const imageFetch = ((input: string, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher: imageAgent })) as unknown as typeof fetch;
  const chat: ChatDependencies = {
    config,
    catalog,
    deployments,
    pools,
    usage,
    limiter,
    simulated,
    routing: config.routing,
    breaker,
    metrics,
    adapterFor,
    supportFor: (deployment) => {
      let support = supportCache.get(deployment.name);
      if (support === undefined) {
        support = adapterFor(deployment).parameterSupport(deployment.model.capabilities);
        supportCache.set(deployment.name, support);
      }
      return support;
    },
    prepareOptions: (request, deployment, abort) => {
      // Gemini takes image bytes, not URLs: the gateway downloads them (refusing private addresses).
      if (deployment.protocol !== 'gemini') return undefined;
      const urls = collectRemoteImages(request);
      if (urls.length === 0) return undefined;
      return Promise.all(
        urls.map((url) => fetchImageForInlining(url, { fetch: imageFetch, signal: abort.signal })),
      ).then((images) => ({
        inlinedImages: Object.fromEntries(urls.map((url, index) => [url, images[index]])),
      }));
    },
  };
  const admin: AdminDependencies = { config, keys, database, usage, limiter, clock };
  const served = new Set(deployments.keys());
  const startedSeconds = Math.floor(Date.now() / 1000);
  let openApiText: string | undefined;

  let draining = false;
  let inFlight = 0;
  let idle: (() => void) | undefined;

  /** The authenticate stage: the key the client presented (in its protocol's header) to a principal, or a 401. */
  const authenticateCredential = (credential: string | undefined, hint: string): Principal => {
    if (credential === undefined || credential === '') {
      throw new GatewayError(
        401,
        'authentication_error',
        `Missing API key: send it as ${hint}.`,
        'missing_api_key',
      );
    }
    const principal = keys.authenticate(credential);
    if (principal === undefined) {
      throw new GatewayError(
        401,
        'authentication_error',
        'Incorrect, revoked or expired API key.',
        'invalid_api_key',
      );
    }
    return principal;
  };
  const authenticate = (incoming: IncomingMessage): Principal => {
    const header = incoming.headers.authorization;
    const credential = header !== undefined && /^bearer /i.test(header) ? header.slice(7).trim() : undefined;
    return authenticateCredential(credential, '"Authorization: Bearer <key>"');
  };
  const requireMaster = (incoming: IncomingMessage): Principal => {
    const principal = authenticate(incoming);
    if (!principal.isMaster) {
      throw new GatewayError(
        403,
        'permission_error',
        'The admin API needs the master key.',
        'master_key_required',
      );
    }
    return principal;
  };

  type Handler = (
    incoming: IncomingMessage,
    response: ServerResponse,
    state: RequestState,
    url: URL,
    params: Record<string, string>,
  ) => Promise<void> | void;

  const inboundRoutes = INBOUND_ROUTES.flatMap(({ surface, paths }) =>
    paths.map(({ pattern, operation }) => ({
      pattern,
      methods: [methodOf(operation)],
      handler: async (
        incoming: IncomingMessage,
        response: ServerResponse,
        state: RequestState,
        url: URL,
        params: Record<string, string>,
      ) => {
        const credential = surface.readCredential(incoming.headers, url.searchParams);
        state.principal = authenticateCredential(credential, surface.credentialHint);
        const location = { path: state.path, params, query: url.searchParams };
        if (operation === 'generate')
          await handleInboundRequest(chat, surface, incoming, response, state, location);
        else if (operation === 'count-tokens')
          await handleCountTokens(chat, surface, incoming, response, state, location);
        else sendModelListing(surface, operation, state.principal, params, response);
      },
    })),
  );
  /** A protocol's own model listing: the models this key may use, in that protocol's shape. */
  const sendModelListing = (
    surface: InboundSurface,
    operation: 'list-models' | 'get-model',
    principal: Principal,
    params: Record<string, string>,
    response: ServerResponse,
  ) => {
    const lister = surface.models;
    if (lister === undefined) throw new GatewayError(404, 'invalid_request_error', 'No model listing here.');
    const visible = listVisibleModelCards(catalog.listModels(), served, principal);
    let text: string;
    if (operation === 'list-models') text = lister.encodeList(visible);
    else {
      const requested = (params.model ?? '').replace(/^models\//, '');
      const id = config.aliases[requested] ?? catalog.getModel(requested)?.id ?? requested;
      const card = visible.find((model) => model.id === id);
      if (card === undefined)
        throw new GatewayError(
          404,
          'invalid_request_error',
          `The model '${requested}' does not exist.`,
          'model_not_found',
          'model',
        );
      text = lister.encodeOne(card);
    }
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...simulatedHeader(),
    });
    response.end(text);
  };

  const routes = createRouteTable<Handler>([
    {
      pattern: CHAT_COMPLETIONS_PATH,
      methods: ['POST'],
      handler: async (incoming, response, state) => {
        state.principal = authenticate(incoming);
        await handleChatCompletion(chat, incoming, response, state);
      },
    },
    ...inboundRoutes,
    {
      pattern: '/health',
      methods: ['GET'],
      handler: (_incoming, response) => sendHealth(response),
    },
    {
      pattern: '/healthz',
      methods: ['GET'],
      handler: (_incoming, response) => sendHealth(response),
    },
    {
      pattern: '/metrics',
      methods: ['GET'],
      handler: async (_incoming, response) => {
        const text = await metrics.registry.metrics();
        response.writeHead(200, { 'content-type': metrics.registry.contentType });
        response.end(text);
      },
    },
    {
      pattern: '/openapi.json',
      methods: ['GET'],
      handler: (_incoming, response) => {
        openApiText ??= JSON.stringify(openApiDocument());
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(openApiText);
      },
    },
    {
      pattern: '/v1/models',
      methods: ['GET'],
      handler: (incoming, response) => {
        const principal = authenticate(incoming);
        sendJson(
          response,
          200,
          {
            object: 'list',
            data: listVisibleModels(catalog.listModels(), served, principal, startedSeconds),
          },
          simulatedHeader(),
        );
      },
    },
    {
      pattern: '/v1/models/{id*}',
      methods: ['GET'],
      handler: (incoming, response, _state, _url, params) => {
        const principal = authenticate(incoming);
        const id = params.id!;
        const model = catalog.getModel(config.aliases[id] ?? id);
        if (
          model === undefined ||
          !served.has(model.id) ||
          !isModelAllowed(principal, model.id, id, ...model.aliases)
        ) {
          const suggestions = catalog
            .suggestModelIds(id, 10)
            .filter((candidate) => served.has(candidate))
            .slice(0, 3);
          throw new GatewayError(
            404,
            'invalid_request_error',
            `The model '${id}' does not exist.${suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(', ')}?` : ''}`,
            'model_not_found',
            'model',
          );
        }
        sendJson(response, 200, toModelObject(model, startedSeconds), simulatedHeader());
      },
    },
    {
      pattern: '/admin/keys',
      methods: ['GET', 'POST'],
      handler: async (incoming, response) => {
        requireMaster(incoming);
        if (incoming.method === 'POST') await handleCreateKey(admin, incoming, response);
        else await handleListKeys(admin, response);
      },
    },
    {
      pattern: '/admin/keys/{id*}',
      methods: ['GET', 'PATCH', 'DELETE'],
      handler: async (incoming, response, _state, _url, params) => {
        requireMaster(incoming);
        const id = params.id!;
        if (incoming.method === 'GET') await handleGetKey(admin, id, response);
        else if (incoming.method === 'PATCH') await handleUpdateKey(admin, id, incoming, response);
        else await handleDeleteKey(admin, id, response);
      },
    },
    {
      pattern: '/admin/usage',
      methods: ['GET'],
      handler: (incoming, response, _state, url) => {
        requireMaster(incoming);
        handleUsage(admin, url, response);
      },
    },
  ]);

  const sendHealth = (response: ServerResponse) =>
    sendJson(response, draining ? 503 : 200, { status: draining ? 'draining' : 'ok', simulated });

  async function route(
    incoming: IncomingMessage,
    response: ServerResponse,
    state: RequestState,
  ): Promise<void> {
    const url = new URL(incoming.url ?? '/', 'http://gateway.invalid');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    state.path = path;
    const inbound = inboundRouteOf(path);
    if (inbound !== undefined) state.protocol = inbound.surface.protocol;
    // Before the method and key checks: a refused request is a span too (its status says why).
    if ((path === CHAT_COMPLETIONS_PATH || inbound !== undefined) && tracing !== undefined)
      state.trace = tracing.startRequest(incoming.headers, state.requestId);
    const { handler, params } = routes.match(incoming.method ?? 'GET', path);
    await handler(incoming, response, state, url, params);
  }

  const simulatedHeader = (): Record<string, string> => (simulated ? { 'x-llmux-simulated': 'true' } : {});

  const server = createServer(serverOptionsOf(config.timeouts), (incoming, response) => {
    const state = createRequestState(createRequestId(), incoming.method ?? 'GET', '');
    inFlight++;
    response.setHeader('x-request-id', state.requestId);
    // A write racing a closed socket must never become an unhandled 'error' event (a process crash).
    response.on('error', (error) =>
      logger.debug({ err: error, request_id: state.requestId }, 'response error'),
    );
    if (draining) response.setHeader('connection', 'close');
    response.on('close', () => {
      inFlight--;
      state.trace?.end(state, state.status ?? response.statusCode);
      logRequest(logger, state, response);
      if (inFlight === 0) idle?.();
    });
    route(incoming, response, state).catch((error: unknown) => {
      const surface = inboundRouteOf(state.path)?.surface;
      const mapped =
        surface === undefined ? sendError(response, error) : sendInboundError(surface, response, error);
      state.status = mapped.status;
      state.errorType = mapped.body.error.type;
      // A chat request refused before the chat handler took it (401, 405, 413) still counts by status.
      if ((state.path === CHAT_COMPLETIONS_PATH || state.protocol !== 'openai-chat') && !state.recorded)
        metrics.requests.inc({
          model: 'unknown',
          vendor: 'unknown',
          status: String(mapped.status),
          protocol: state.protocol,
        });
      if (mapped.internal !== undefined)
        logger.error({ err: mapped.internal, request_id: state.requestId }, 'unhandled error');
      // A body we never read (an early 401 or 404) is drained so the connection can be reused.
      incoming.resume();
    });
  });
  // Requests Node's HTTP parser refuses (a malformed request line or header, headers too large or too slow)
  // never reach `route`: they still get OpenAI's error shape, a request id and a log line.
  server.on('clientError', createClientErrorHandler(logger, createRequestId));

  let url = '';
  let closing: Promise<void> | undefined;

  const gateway: Gateway = {
    config,
    server,
    logger,
    masterKey: master.key,
    simulated,
    simulator,
    database,
    usage,
    metrics,
    limiter,
    get url() {
      return url;
    },
    listen: () =>
      new Promise<string>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          url = `http://${host}:${address.port}`;
          logger.info({ url, simulated, models: served.size }, 'llmux gateway listening');
          resolve(url);
        });
      }),
    close: (closeOptions = {}) => {
      closing ??= (async () => {
        draining = true;
        const timeoutMs = closeOptions.timeoutMs ?? config.routing.shutdownTimeoutMs;
        const closed = new Promise<void>((resolve) => {
          if (!server.listening) resolve();
          else server.close(() => resolve());
        });
        server.closeIdleConnections();
        if (inFlight > 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, timeoutMs);
            timer.unref();
            idle = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
        server.closeAllConnections();
        await closed;
        usage.close();
        database.close();
        await pools.close();
        await imageAgent.close();
        // Spans still queued get a moment to leave; an unreachable collector cannot hold the shutdown.
        await tracing?.shutdown(Math.min(timeoutMs, 5000));
        await simulator?.close();
        metrics.stop();
        await new Promise<void>((resolve) => logger.flush(() => resolve()));
      })();
      return closing;
    },
  };
  return gateway;
}

const CHAT_COMPLETIONS_PATH = '/v1/chat/completions';

/** Builds the gateway and starts listening. */
export async function startGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<Gateway> {
  const gateway = await createGateway(config, options);
  await gateway.listen();
  return gateway;
}

function buildCatalog(config: GatewayConfig): CatalogLike {
  const builtIn = listModels();
  if (config.models.length === 0) return asCatalogLike(createCatalog(builtIn));
  const overridden = new Set(
    config.models.map((entry) => String((entry as { id?: unknown }).id ?? '').toLowerCase()),
  );
  try {
    return asCatalogLike(
      createCatalog([
        ...builtIn.filter((entry) => !overridden.has(entry.id.toLowerCase())),
        ...config.models,
      ]),
    );
  } catch (error) {
    throw new ConfigError(`LLMUX_CONFIG: models: ${(error as Error).message}`);
  }
}

function asCatalogLike(catalog: Catalog): CatalogLike {
  return catalog as unknown as CatalogLike;
}

function logRequest(logger: Logger, state: RequestState, response: ServerResponse): void {
  const status = state.status ?? response.statusCode;
  const line: Record<string, unknown> = {
    request_id: state.requestId,
    method: state.method,
    path: state.path,
    status,
    latency_ms: Math.round(performance.now() - state.startedHr),
  };
  if (state.principal !== undefined) line.key_id = state.principal.keyId;
  if (state.requestedModel !== undefined) {
    line.model = state.model?.id ?? state.requestedModel;
    line.stream = state.stream;
    line.deployment = state.deployment?.name;
    line.attempts = state.attempts;
    if (state.ttftMs !== undefined) line.ttft_ms = state.ttftMs;
    if (state.usage !== undefined) {
      line.prompt_tokens = state.usage.prompt_tokens;
      line.completion_tokens = state.usage.completion_tokens;
    }
  }
  if (state.errorType !== undefined) {
    line.error_type = state.errorType;
    line.error = state.errorMessage;
  }
  const internal = (state as { internalError?: unknown }).internalError;
  if (internal !== undefined) logger.error({ ...line, err: internal }, 'request failed inside the gateway');
  else if (status >= 500) logger.warn(line, 'request');
  else logger.info(line, 'request');
}

/** A config alias must name a model the catalog knows: a typo would otherwise be a 404 on every request. */
function checkAliases(config: GatewayConfig, catalog: CatalogLike): void {
  for (const [alias, target] of Object.entries(config.aliases)) {
    if (catalog.getModel(target) !== undefined) continue;
    const suggestions = catalog.suggestModelIds(target);
    throw new ConfigError(
      `LLMUX_CONFIG: aliases.${alias}: unknown model '${target}'${suggestions.length > 0 ? ` (did you mean ${suggestions.join(', ')}?)` : ''}`,
    );
  }
}
