import { figure } from '../figures.js';
import { send } from '../http-client.js';
import { chat } from './chat.js';
import type { ReliabilityScenario } from './scenario.js';

/**
 * No credential in any log line, response body or header. The scanner has read everything every scenario
 * made the gateway say (the faults at debug level); this last scenario adds the traffic most likely to leak —
 * a key the gateway does not know, sent as a bearer token and in the query string, vendor 401 and 400
 * errors — then reports.
 */
export const secretScanScenario: ReliabilityScenario = {
  name: 'secret scan',
  budgetMs: () => 60_000,
  async run(context) {
    const protocol = context.protocols[0]!;
    const gateway = await context.startGateway({ logLevel: 'debug' });
    try {
      const stranger = context.secrets.strangerKey;
      await chat(context, gateway, protocol, { text: 'Hello', stream: false, apiKey: stranger });
      await chat(context, gateway, protocol, { text: 'Hello', stream: true, apiKey: stranger });
      context.observe(
        await send(gateway.url, {
          path: `${protocol.path}?key=${stranger}`,
          headers: protocol.headers(context.secrets.masterKey),
          body: protocol.requestBody('Hello', false),
          deadlineMs: 10_000,
        }),
      );
      for (const status of [400, 401, 403]) {
        for (const stream of [false, true]) {
          const text = context.upstream.script(() => ({ error: { status } }), 'vendor-error');
          await chat(context, gateway, protocol, { text, stream });
        }
      }
    } finally {
      await gateway.stop();
    }
    const { scanner } = context;
    const first = scanner.leaks[0];
    return [
      figure(
        'secret scan',
        'secrets found in logs, bodies and headers',
        scanner.leaks.length,
        '=',
        0,
        '',
        first === undefined
          ? 'master key, both vendor keys, an unknown client key'
          : `${first.secret} in a ${first.source}: …${first.excerpt}…`,
      ),
      figure('secret scan', 'log lines scanned', scanner.count('log line'), '>=', 100),
      figure(
        'secret scan',
        'responses scanned (status, headers, body)',
        scanner.count('response'),
        '>=',
        100,
      ),
    ];
  },
};
