import type { ChatCompletionRequest } from '@llmux/contract';
import {
  type ParameterSupport,
  paramOfField,
  requestedFields,
  SUPPORT_FIELDS,
  type SupportField,
  type SupportMode,
} from './parameter-support.js';
import { invalidParameter } from './provider-error.js';

/**
 * Refuses a request that asks for something this model cannot do: throws a 400 `ProviderError` naming
 * the first requested field whose mode is `reject` (the field's note, when there is one, is the message).
 * Fields present with a value that asks for nothing (`n: 1`, `presence_penalty: 0`) never count.
 *
 * @example
 * checkParameters(request, adapter.parameterSupport(target.capabilities)); // before toUpstream
 */
export function checkParameters(request: ChatCompletionRequest, support: ParameterSupport): void {
  for (const field of requestedFields(request)) {
    if (support[field].mode !== 'reject') continue;
    if ('acceptedValue' in support[field] && requestValue(request, field) === support[field].acceptedValue)
      continue;
    const param = paramOfField(field);
    const what = param === field ? `'${param}'` : `'${param}' (${field})`;
    throw invalidParameter(param, support[field].note ?? `This model does not support ${what}.`);
  }
}

/** The value a request gives a field that is named like its request key (`temperature`, `top_p`, …). */
function requestValue(request: ChatCompletionRequest, field: SupportField): unknown {
  return (request as Record<string, unknown>)[field];
}

/** The requested fields the gateway (or the adapter) must emulate for this request, e.g. `n` > 1 by fan-out. */
export function emulatedFields(request: ChatCompletionRequest, support: ParameterSupport): SupportField[] {
  return requestedFields(request).filter((field) => support[field].mode === 'emulate');
}

const CELL: Record<SupportMode, string> = {
  pass: 'pass',
  translate: 'translate',
  emulate: 'emulate',
  reject: '400',
};

/**
 * The support matrix as a Markdown table: one row per request field (`SUPPORT_FIELDS`), one column per
 * vendor, cells `pass`, `translate`, `emulate` or `400`. The root README's matrix is this output, so a
 * test can compare the README with what the adapters really do.
 *
 * @example
 * renderSupportMatrix([{ vendor: 'OpenAI', support: openai.parameterSupport(capabilities) }]);
 */
export function renderSupportMatrix(
  rows: ReadonlyArray<{ vendor: string; support: ParameterSupport }>,
): string {
  const lines = [
    `| field | ${rows.map((row) => escapeCell(row.vendor)).join(' | ')} |`,
    `|---|${rows.map(() => '---').join('|')}|`,
  ];
  for (const field of SUPPORT_FIELDS) {
    lines.push(`| \`${field}\` | ${rows.map((row) => CELL[row.support[field].mode]).join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|');
}
