import type { ChatCompletionRequest } from '@llmux/contract';
import type { ParameterSupport } from '@llmux/provider-kit';
import type { GatewayConfig } from '../config.js';
import type { Limiter } from '../limits/limiter.js';
import type { CatalogLike, Deployment } from '../routing/deployments.js';
import type { AbortHandle } from '../upstream/abort-handle.js';
import type { UpstreamPools } from '../upstream/pools.js';
import type { UsageStore } from '../usage/usage-store.js';
import type { AttemptDependencies } from './attempts.js';

/** What the request pipeline's stages need from the gateway: built once at start-up, shared by every request. */
export interface PipelineDependencies extends AttemptDependencies {
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
