import type { LlmuxClient } from '@llmux/client';
import type { Model } from '@llmux/contract';
import { EXIT_CODES, UsageError } from '../errors.js';
import { formatPricePerMillion, formatTable, formatTokenCount } from '../format.js';
import { parseCommandArgs } from '../options.js';

export const MODELS_HELP = `Usage: llmux models [options]

Lists the models the gateway serves to this key: id, vendor, context window, prices (USD per million
input / cached input / output tokens; a cached price of — means cached input costs the input price)
and main capabilities.

Options:
      --vendor V       only models of this vendor (owned_by, e.g. openai, anthropic, google)
      --json           print the gateway's JSON list
      --base-url URL   the gateway (default: $LLMUX_BASE_URL, else http://127.0.0.1:8787/v1)
      --api-key KEY    the key (default: $LLMUX_API_KEY)
  -h, --help           this help
`;

/** The capabilities worth a column; the rest is in --json. */
const SHOWN_CAPABILITIES = ['tools', 'vision', 'json_schema', 'reasoning'] as const;

export async function runModels(
  args: string[],
  dependencies: { stdout: NodeJS.WriteStream; connect: (values: object) => LlmuxClient },
): Promise<number> {
  const { values, positionals } = parseCommandArgs('models', args, {
    vendor: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    dependencies.stdout.write(MODELS_HELP);
    return EXIT_CODES.ok;
  }
  if (positionals.length > 0)
    throw new UsageError(
      `llmux models: unexpected argument '${positionals[0]}' (to filter by vendor: --vendor ${positionals[0]}).`,
      'models',
    );
  const list = await dependencies.connect(values).models.list();
  const vendor = values.vendor?.toLowerCase();
  const models = list.data
    .filter((model) => vendor === undefined || model.owned_by.toLowerCase() === vendor)
    .sort((a, b) => a.owned_by.localeCompare(b.owned_by) || a.id.localeCompare(b.id));
  if (values.json) {
    dependencies.stdout.write(`${JSON.stringify({ object: 'list', data: models }, null, 2)}\n`);
    return EXIT_CODES.ok;
  }
  if (models.length === 0) {
    const vendors = [...new Set(list.data.map((model) => model.owned_by))].sort();
    dependencies.stdout.write(
      vendor === undefined
        ? 'No models: the gateway serves none to this key.\n'
        : `No models of vendor '${values.vendor}'. Vendors: ${vendors.join(', ') || 'none'}.\n`,
    );
    return EXIT_CODES.ok;
  }
  dependencies.stdout.write(`${formatModelsTable(models)}\n`);
  return EXIT_CODES.ok;
}

export function formatModelsTable(models: readonly Model[]): string {
  const rows = models.map((model) => [
    model.id,
    model.owned_by,
    formatTokenCount(model.context_length),
    // A model the gateway has no price for (a config-file model) says so once, not as three unknowns.
    ...(model.pricing
      ? [
          formatPricePerMillion(model.pricing.input),
          formatPricePerMillion(model.pricing.cached_input),
          formatPricePerMillion(model.pricing.output),
        ]
      : ['unpriced', '', '']),
    SHOWN_CAPABILITIES.filter((name) => model.capabilities[name]).join(','),
  ]);
  return formatTable(
    ['ID', 'VENDOR', 'CONTEXT', 'INPUT/M', 'CACHED/M', 'OUTPUT/M', 'CAPABILITIES'],
    rows,
    new Set([2, 3, 4, 5]),
  );
}
