import type { GatewayProcess } from '../gateway-process.js';
import { send } from '../http-client.js';
import type { SuiteContext } from '../suite-context.js';

/** The usage rows the gateway has recorded, by `GET /admin/usage` (rows waiting for their batch included). */
export async function countUsageRows(context: SuiteContext, gateway: GatewayProcess): Promise<number> {
  const exchange = context.observe(
    await send(gateway.url, {
      method: 'GET',
      path: '/admin/usage',
      headers: { authorization: `Bearer ${context.secrets.masterKey}` },
      deadlineMs: 10_000,
    }),
  );
  const requests = (JSON.parse(exchange.body) as { totals?: { requests?: unknown } }).totals?.requests;
  if (exchange.status !== 200 || typeof requests !== 'number') {
    throw new Error(`GET /admin/usage answered ${exchange.status}: ${exchange.body.slice(0, 200)}`);
  }
  return requests;
}
