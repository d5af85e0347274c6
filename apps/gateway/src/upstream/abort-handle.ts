import { EventEmitter } from 'node:events';

/**
 * A request's abort switch. undici accepts an EventEmitter with `aborted`/`reason` as a request `signal`,
 * and listening on one costs far less than on an `AbortSignal` (an EventTarget): the add/remove pair of
 * listeners per upstream call was a measurable share of the CPU per request (removing it: 0.7–0.9× in
 * noisy A/B runs of bench/proxy-overhead.mjs-style load).
 * A standard AbortSignal is made only for the APIs that need one (timers, fetch).
 */
export class AbortHandle extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;
  private controller: AbortController | undefined;

  constructor() {
    super();
    // One listener per upstream call in flight: up to n (8) parallel calls for emulated `n`.
    this.setMaxListeners(64);
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
    this.controller?.abort(reason);
  }

  /** A standard AbortSignal tied to this handle, created on first use. */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }
}
