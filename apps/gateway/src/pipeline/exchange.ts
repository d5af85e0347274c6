import type { ServerResponse } from 'node:http';
import { ProviderError } from '@llmux/provider-kit';
import type { GatewayConfig } from '../config.js';
import { ClientClosedError } from '../http/respond.js';
import type { Metrics } from '../metrics.js';
import { AbortHandle } from '../upstream/abort-handle.js';

/**
 * One model request's lifetime, whatever its protocol: the abort signal every upstream call takes, fired when
 * the client leaves or the request's deadline passes, and the in-flight gauge. `end` releases all three.
 */
export interface Exchange {
  readonly controller: AbortHandle;
  end(): void;
}

export function beginExchange(config: GatewayConfig, metrics: Metrics, response: ServerResponse): Exchange {
  const controller = new AbortHandle();
  const onClose = () => {
    if (!response.writableEnded) controller.abort(new ClientClosedError());
  };
  response.on('close', onClose);
  const deadline = setTimeout(() => {
    controller.abort(
      new ProviderError({
        status: 504,
        type: 'timeout_error',
        code: 'request_timeout',
        message: `The request did not complete within ${config.routing.requestTimeoutMs} ms.`,
      }),
    );
  }, config.routing.requestTimeoutMs);
  deadline.unref();
  metrics.inFlight.inc();
  return {
    controller,
    end() {
      clearTimeout(deadline);
      response.off('close', onClose);
      metrics.inFlight.dec();
    },
  };
}
