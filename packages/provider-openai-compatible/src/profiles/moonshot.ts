import { defineProfile } from '../profile.js';

/**
 * Moonshot Kimi (https://platform.moonshot.ai/docs/api/chat). kimi-k2.5 fixes its sampling values
 * (temperature, top_p, n, penalties): the catalog marks them unsupported, so other values answer 400.
 * Thinking is on by default and switched with `thinking: {type: 'disabled'}` (forwarded from the client).
 */
export const moonshotProfile = defineProfile({
  name: 'moonshot',
  displayName: 'Moonshot AI (Kimi)',
  defaultBaseUrl: 'https://api.moonshot.ai/v1',
  envPrefix: 'MOONSHOT',
  docs: [
    'https://platform.moonshot.ai/docs/api/chat',
    'https://platform.kimi.ai/docs/api/models-overview',
    'https://platform.moonshot.cn/docs/guide/use-kimi-k2-thinking-model',
  ],
  passThroughFields: ['thinking'],
  // k2.5 fixes temperature at 1.0 with thinking and 0.6 without (models-overview "parameter comparison").
  fixedTemperature: (request) =>
    (request as { thinking?: { type?: string } }).thinking?.type === 'disabled' ? 0.6 : 1,
  errorCodes: {
    invalid_authentication_error: 'authentication',
    // 429 for an empty balance (no retry) and for rate limits and overload (retry).
    exceeded_current_quota_error: 'quota',
    rate_limit_reached_error: 'rate_limit',
    engine_overloaded_error: 'overloaded',
    permission_denied_error: 'permission',
    resource_not_found_error: 'not_found',
  },
  adjustRequest(body) {
    // kimi-k2.5 misbehaves when a JSON schema carries a top-level `$schema` (vercel/ai moonshotai strips it).
    const format = body.response_format as {
      type?: string;
      json_schema?: { schema?: Record<string, unknown> };
    };
    if (
      format?.type === 'json_schema' &&
      format.json_schema?.schema &&
      '$schema' in format.json_schema.schema
    ) {
      const { $schema: _dropped, ...schema } = format.json_schema.schema;
      body.response_format = { ...format, json_schema: { ...format.json_schema, schema } };
    }
  },
});
