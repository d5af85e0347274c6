/**
 * What a simulated upstream does with one request. Every protocol renders the same scenario in its own
 * wire format, so one script drives the OpenAI, Anthropic, Gemini and Responses fakes alike.
 */
export interface Scenario {
  /** The answer's text (split into deltas of `chunkSize` characters when streamed). */
  text?: string;
  /** Reasoning / thinking text, where the protocol has it. */
  reasoning?: string;
  /** Tool calls the model makes; `arguments` is the JSON string. Several = parallel calls. */
  toolCalls?: ScenarioToolCall[];
  /** Defaults: tool_calls when there are tool calls, else stop. */
  finishReason?: 'stop' | 'length' | 'tool_calls' | 'content_filter';
  usage?: ScenarioUsage;
  /** Answer with an HTTP error in the vendor's own shape instead of a completion. */
  error?: ScenarioError;
  /** Characters per streamed text delta (default 8); tool arguments are split the same way. */
  chunkSize?: number;
  /** Pause before each streamed event, and before a whole answer. */
  chunkDelayMs?: number;
  /** Pause before the response headers are sent. */
  headerDelayMs?: number;
  /** Stream: destroy the connection after this many events, without the vendor's terminal event. */
  cutAfterEvents?: number;
  /**
   * Stream: after this many events, end the response cleanly in the middle of the next event (half its
   * bytes, no blank line) and without the vendor's terminal event. Whole answers: half the JSON body.
   */
  truncateAfterEvents?: number;
  /**
   * Stream: after this many events, send nothing more and keep the connection open until the client leaves
   * (a vendor that hangs). Whole answers: the headers, then nothing.
   */
  stallAfterEvents?: number;
  /** Destroy the connection once the request is read, before any status line (a reset before headers). */
  resetBeforeHeaders?: boolean;
  /** Stream: send an event whose data is not valid JSON at this position. */
  malformedEventAt?: number;
  /** Stream: send the vendor's mid-stream error event after this many events, then end. */
  errorEventAfterEvents?: number;
  /** Number of choices / candidates (protocols with native `n`); defaults to the request's own. */
  choices?: number;
}

export interface ScenarioToolCall {
  id?: string;
  name: string;
  arguments: string;
}

export interface ScenarioUsage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens?: number;
  reasoningTokens?: number;
}

export interface ScenarioError {
  status: number;
  message?: string;
  /** The vendor's own error body; when absent the protocol renders its standard error body. */
  body?: unknown;
  /** Extra response headers, e.g. `{ 'retry-after': '1' }`. */
  headers?: Record<string, string>;
}
