import type { ServerResponse } from 'node:http';
import type { TranslationWarning } from '@llmux/provider-kit';
import { toHeaderJson } from '../http/respond.js';
import type { ModelEntry } from '../routing/deployments.js';
import type { RequestState } from './request-state.js';

export function addWarnings(state: RequestState, warnings: readonly TranslationWarning[]): void {
  for (const warning of warnings) {
    if (!state.warnings.some((seen) => seen.param === warning.param && seen.message === warning.message)) {
      state.warnings.push(warning);
    }
  }
}

/**
 * The gateway's own response headers; callers add theirs by assignment (an object spread into a literal here
 * cost ~8 µs per request in profiles, a slow path in V8).
 */
export function responseHeaders(
  dependencies: { simulated: boolean },
  state: RequestState,
): Record<string, string | number> {
  const headers: Record<string, string | number> = {};
  if (state.warnings.length > 0) headers['x-llmux-warnings'] = warningsHeader(state.warnings);
  if (dependencies.simulated) headers['x-llmux-simulated'] = 'true';
  const limitHeaders = state.reservation?.headers;
  if (limitHeaders) for (const name in limitHeaders) headers[name] = limitHeaders[name]!;
  return headers;
}

/** A streamed answer's head: the gateway's headers and the stream's (SSE unless the protocol says otherwise). */
export function writeEventStreamHead(
  dependencies: { simulated: boolean },
  state: RequestState,
  response: ServerResponse,
  contentType = 'text/event-stream; charset=utf-8',
): void {
  const headers = responseHeaders(dependencies, state);
  headers['content-type'] = contentType;
  headers['cache-control'] = 'no-cache';
  headers['x-accel-buffering'] = 'no';
  response.writeHead(200, headers);
}

/** A whole answer: the gateway's headers, and the JSON text in one write. */
export function writeJsonAnswer(
  dependencies: { simulated: boolean },
  state: RequestState,
  response: ServerResponse,
  text: string,
): void {
  if (response.destroyed) return;
  const headers = responseHeaders(dependencies, state);
  headers['content-type'] = 'application/json';
  headers['content-length'] = Buffer.byteLength(text);
  response.writeHead(200, headers);
  response.end(text);
}

/** Each model's retirement warning, made once: every request to the model carries the same one. */
const retirementWarnings = new WeakMap<ModelEntry, TranslationWarning>();
/** The header text of a warning that is a request's only one (the common case), made once per warning. */
const soleWarningHeaders = new WeakMap<TranslationWarning, string>();

export function retirementWarningOf(model: ModelEntry): TranslationWarning {
  let warning = retirementWarnings.get(model);
  if (warning === undefined) {
    warning = retirementWarning(model);
    retirementWarnings.set(model, warning);
    soleWarningHeaders.set(warning, toHeaderJson([warning]));
  }
  return warning;
}

export function warningsHeader(warnings: readonly TranslationWarning[]): string {
  return (warnings.length === 1 ? soleWarningHeaders.get(warnings[0]!) : undefined) ?? toHeaderJson(warnings);
}

/** Says that a model is going away (or gone upstream) and what replaces it, in the warnings header. */
function retirementWarning(model: {
  id: string;
  status?: string;
  shutdownDate?: string;
  replacement?: string;
}) {
  const when = model.shutdownDate === undefined ? '' : ` (shutdown date ${model.shutdownDate})`;
  const successor = model.replacement === undefined ? '' : `; its successor is ${model.replacement}`;
  const state = model.status === 'retired' ? 'has been retired by its vendor' : 'is deprecated by its vendor';
  return {
    param: 'model',
    action: 'deprecated' as const,
    message: `${model.id} ${state}${when}${successor}`,
  };
}
