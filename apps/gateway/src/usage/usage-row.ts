/** One request's record, as journaled and stored. Field names match the `usage` table's columns. */
export interface UsageRow {
  request_id: string;
  /** Unix milliseconds when the request arrived. */
  ts: number;
  key_id: string | null;
  model: string | null;
  vendor: string | null;
  provider: string | null;
  deployment: string | null;
  upstream_model: string | null;
  stream: 0 | 1;
  status: number;
  error_type: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  cached_tokens: number | null;
  reasoning_tokens: number | null;
  /** NULL when the model has no price or the tokens are unknown: never a silent $0. */
  cost_usd: number | null;
  unpriced: 0 | 1;
  latency_ms: number;
  ttft_ms: number | null;
  attempts: number;
  /** What the key's budget was charged (nano-USD), added to key_spend by the insert trigger; null = nothing. */
  spend_nano_usd: number | null;
  /** The key's budget period that charge belongs to. */
  budget_period: number | null;
}

export const USAGE_COLUMNS = [
  'request_id',
  'ts',
  'key_id',
  'model',
  'vendor',
  'provider',
  'deployment',
  'upstream_model',
  'stream',
  'status',
  'error_type',
  'prompt_tokens',
  'completion_tokens',
  'cached_tokens',
  'reasoning_tokens',
  'cost_usd',
  'unpriced',
  'latency_ms',
  'ttft_ms',
  'attempts',
  'spend_nano_usd',
  'budget_period',
] as const satisfies ReadonlyArray<keyof UsageRow>;
