import { type CatalogEntry, listModels, VENDORS, type VendorId } from '@llmux/catalog';
import { SUPPORT_FIELDS, type SupportMode } from '@llmux/provider-kit';
import { createAdapterRegistry } from './adapters.js';
import { INBOUND_ROUTES } from './inbound-routes.js';

const LABEL: Record<SupportMode, string> = {
  pass: 'pass',
  translate: 'translate',
  emulate: 'emulate',
  reject: '400',
};
const ORDER: SupportMode[] = ['pass', 'translate', 'emulate', 'reject'];
const LISTED_MODELS = 2;

/**
 * The README's support matrix: one row per request field, one column per vendor, each cell what the
 * adapter of the vendor's models does with the field (asked of `parameterSupport` over each model's
 * catalog capabilities, on its default endpoint). Where a vendor's models differ, the cell gives the most
 * common answer and names the models that differ, so the table never claims more than the code does.
 */
export function renderReadmeSupportMatrix(models: readonly CatalogEntry[] = listModels()): string {
  const adapterFor = createAdapterRegistry();
  const vendors = Object.keys(VENDORS) as VendorId[];
  const cells = new Map<string, string>();
  for (const vendor of vendors) {
    const supports = models
      .filter((model) => model.vendor === vendor)
      .map((model) => {
        const endpoint = model.endpoints[0]!;
        const adapter = adapterFor(endpoint.provider, endpoint.protocol);
        if (adapter === undefined)
          throw new Error(`no adapter for ${endpoint.provider}/${endpoint.protocol}`);
        return { id: model.id, support: adapter.parameterSupport(model.capabilities) };
      });
    for (const field of SUPPORT_FIELDS) {
      const byMode = new Map<SupportMode, string[]>();
      for (const { id, support } of supports) {
        const mode = support[field].mode;
        byMode.set(mode, [...(byMode.get(mode) ?? []), id]);
      }
      cells.set(`${vendor}/${field}`, describeCell(byMode));
    }
  }
  // One column per inbound protocol besides OpenAI chat: the field of that protocol that asks for the row's.
  const surfaces = INBOUND_ROUTES.map((route) => route.surface);
  const header = `| field | ${[...surfaces.map((surface) => `on \`${surface.protocol}\``), ...vendors.map((vendor) => VENDORS[vendor].displayName)].join(' | ')} |`;
  const rule = `|---|${[...surfaces, ...vendors].map(() => '---').join('|')}|`;
  const rows = SUPPORT_FIELDS.map((field) => {
    const inbound = surfaces.map((surface) => surface.hubFields[field] ?? '—');
    const perVendor = vendors.map((vendor) => cells.get(`${vendor}/${field}`));
    return `| \`${field}\` | ${[...inbound, ...perVendor].join(' | ')} |`;
  });
  return [header, rule, ...rows].join('\n');
}

function describeCell(byMode: Map<SupportMode, string[]>): string {
  const modes = [...byMode.entries()].sort(
    ([leftMode, left], [rightMode, right]) =>
      right.length - left.length || ORDER.indexOf(leftMode) - ORDER.indexOf(rightMode),
  );
  const [main, ...others] = modes;
  if (main === undefined) return '—';
  const exceptions = others.map(([mode, ids]) => {
    const named = ids.slice(0, LISTED_MODELS).join(', ');
    const more = ids.length > LISTED_MODELS ? ` +${ids.length - LISTED_MODELS}` : '';
    return `${LABEL[mode]}: ${named}${more}`;
  });
  return exceptions.length === 0 ? LABEL[main[0]] : `${LABEL[main[0]]} (${exceptions.join('; ')})`;
}
