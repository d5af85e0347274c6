import type { Principal } from '../auth/keys.js';
import { isModelAllowed } from '../auth/keys.js';
import { GatewayError } from '../http/respond.js';
import { type Deployment, type ModelEntry, orderDeployments } from '../routing/deployments.js';
import type { PipelineDependencies } from './dependencies.js';

export interface ResolvedModel {
  model: ModelEntry;
  /** The model's deployments in the order this request tries them (circuit breaker and weights applied). */
  ordered: Deployment[];
}

/**
 * The resolve stage: the public id (or an alias) to the catalog's model and its deployments, for a key that may
 * use it. 404 for an unknown, retired or unserved model (with suggestions), 403 for a model the key may not use.
 */
export function resolveModel(
  dependencies: PipelineDependencies,
  requested: string,
  principal: Principal,
): ResolvedModel {
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
  if (!isModelAllowed(principal, model.id, requested)) {
    throw new GatewayError(
      403,
      'permission_error',
      `This API key may not use the model '${requested}'.`,
      'model_not_allowed',
      'model',
    );
  }
  return { model, ordered: orderDeployments(deployments!, dependencies.breaker, dependencies.random) };
}
