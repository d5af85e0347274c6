import { randomUUID } from 'node:crypto';
import type { CompletionUsage } from '@llmux/contract';
import type { Protocol, TranslationWarning } from '@llmux/provider-kit';
import type { Principal } from '../auth/keys.js';
import type { Reservation } from '../limits/limiter.js';
import type { Deployment, ModelEntry } from '../routing/deployments.js';
import type { RequestTrace } from '../tracing/tracing.js';

/** What the gateway learns about one request on its way through; the log line and usage row are made from it. */
export interface RequestState {
  requestId: string;
  /** Unix milliseconds. */
  startedAt: number;
  /** performance.now() at arrival, for durations. */
  startedHr: number;
  method: string;
  path: string;
  /** The wire protocol the client speaks on this route (the metrics' `protocol` label). */
  protocol: Protocol;
  principal?: Principal;
  /** The model id as the client sent it. */
  requestedModel?: string;
  model?: ModelEntry;
  deployment?: Deployment;
  stream?: boolean;
  attempts: number;
  status?: number;
  errorType?: string;
  errorMessage?: string;
  usage?: CompletionUsage;
  ttftMs?: number;
  warnings: TranslationWarning[];
  /** What admission reserved for a limited key (undefined: the master key, or not admitted yet). */
  reservation?: Reservation;
  /** Set once the reservation is settled, so no path settles it twice. */
  settled?: boolean;
  /** Set once the usage row is written, so no path records a request twice. */
  recorded: boolean;
  /** The request's span when tracing is on; undefined otherwise (every call site is one `?.`). */
  trace: RequestTrace | undefined;
}

/**
 * `req_` + the time in milliseconds (12 hex digits) + 20 hex digits of a random UUID (76 random bits; one
 * digit is its version). Time first, so ids sort by arrival and each usage row lands at the end of the SQLite
 * primary-key index: random ids made every insert touch a random page, 3× the CPU of an append once the
 * table holds a few hundred thousand rows.
 */
export function createRequestId(now = Date.now()): string {
  return `req_${now.toString(16).padStart(12, '0')}${randomUUID().replaceAll('-', '').slice(12)}`;
}

export function createRequestState(requestId: string, method: string, path: string): RequestState {
  return {
    requestId,
    startedAt: Date.now(),
    startedHr: performance.now(),
    method,
    path,
    protocol: 'openai-chat',
    attempts: 0,
    warnings: [],
    recorded: false,
    trace: undefined,
  };
}
