/**
 * Whether traces are exported, and where, read from OpenTelemetry's standard environment variables
 * (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/ and
 * https://opentelemetry.io/docs/specs/otel/protocol/exporter/). Off unless an OTLP endpoint or
 * `OTEL_TRACES_EXPORTER=otlp` is set.
 */
export interface TracingSettings {
  /** The full OTLP/HTTP traces URL (`…/v1/traces`). */
  url: string;
  /** Sent with every export (an API key of the collector's vendor, typically): never logged. */
  headers: Record<string, string>;
  serviceName: string;
  /** From OTEL_RESOURCE_ATTRIBUTES, `service.name` excluded (OTEL_SERVICE_NAME wins, as the spec says). */
  resourceAttributes: Record<string, string>;
  /** OTEL_BSP_SCHEDULE_DELAY: the longest a finished span waits before it is exported. */
  scheduleDelayMs: number;
  /** OTEL_EXPORTER_OTLP_TRACES_TIMEOUT / OTEL_EXPORTER_OTLP_TIMEOUT: one export's deadline. */
  exportTimeoutMs: number;
}

export const DEFAULT_SERVICE_NAME = 'llmux-gateway';
/** The spec's default for OTLP/HTTP, used when only OTEL_TRACES_EXPORTER=otlp is set. */
const DEFAULT_ENDPOINT = 'http://localhost:4318';

/**
 * Reads the tracing settings from an environment whose empty values are already removed. `issues` names
 * each bad variable (never its value: a header variable holds credentials); settings are undefined when
 * tracing is off or any issue was found.
 */
export function readTracingSettings(env: Record<string, string | undefined>): {
  settings: TracingSettings | undefined;
  issues: string[];
} {
  const issues: string[] = [];
  const off = { settings: undefined, issues };
  if (isTrue(env.OTEL_SDK_DISABLED)) return off;

  const tracesEndpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const exporters = env.OTEL_TRACES_EXPORTER?.split(',').map((name) => name.trim().toLowerCase());
  if (exporters !== undefined) {
    const unsupported = exporters.filter((name) => name !== 'otlp' && name !== 'none');
    if (unsupported.length > 0) {
      issues.push(
        `environment: OTEL_TRACES_EXPORTER: '${unsupported.join(',')}' is not supported; use otlp or none`,
      );
      return off;
    }
    if (!exporters.includes('otlp')) return off;
  } else if (tracesEndpoint === undefined && endpoint === undefined) {
    return off;
  }

  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL;
  if (protocol !== undefined && protocol !== 'http/json' && protocol !== 'http/protobuf') {
    const name =
      env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL !== undefined
        ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'
        : 'OTEL_EXPORTER_OTLP_PROTOCOL';
    issues.push(`environment: ${name}: '${protocol}' is not supported; the gateway exports OTLP/HTTP JSON`);
  }

  // The signal-specific variable is the whole URL; the general one is a base the signal's path is added to.
  let url: string;
  let urlVariable: string;
  if (tracesEndpoint !== undefined) {
    url = tracesEndpoint;
    urlVariable = 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT';
  } else {
    url = `${(endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, '')}/v1/traces`;
    urlVariable = 'OTEL_EXPORTER_OTLP_ENDPOINT';
  }
  if (!isHttpUrl(url)) issues.push(`environment: ${urlVariable}: must be an http(s) URL`);

  const headersVariable =
    env.OTEL_EXPORTER_OTLP_TRACES_HEADERS !== undefined
      ? 'OTEL_EXPORTER_OTLP_TRACES_HEADERS'
      : 'OTEL_EXPORTER_OTLP_HEADERS';
  const headers = parseKeyValueList(env[headersVariable]);
  if (headers === undefined)
    issues.push(`environment: ${headersVariable}: must be a list of key=value pairs separated by commas`);

  const resourceAttributes = parseKeyValueList(env.OTEL_RESOURCE_ATTRIBUTES);
  if (resourceAttributes === undefined) {
    issues.push(
      'environment: OTEL_RESOURCE_ATTRIBUTES: must be a list of key=value pairs separated by commas',
    );
  }
  const serviceName = env.OTEL_SERVICE_NAME ?? resourceAttributes?.['service.name'] ?? DEFAULT_SERVICE_NAME;
  if (resourceAttributes !== undefined) delete resourceAttributes['service.name'];

  const scheduleDelayMs = readMilliseconds(env, 'OTEL_BSP_SCHEDULE_DELAY', 5000, issues);
  const timeoutVariable =
    env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT !== undefined
      ? 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT'
      : 'OTEL_EXPORTER_OTLP_TIMEOUT';
  const exportTimeoutMs = readMilliseconds(env, timeoutVariable, 10_000, issues);

  if (issues.length > 0) return off;
  return {
    settings: {
      url,
      headers: headers!,
      serviceName,
      resourceAttributes: resourceAttributes!,
      scheduleDelayMs,
      exportTimeoutMs,
    },
    issues,
  };
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && value.trim().toLowerCase() === 'true';
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * `key1=value1,key2=value2`, values percent-decoded (the W3C Baggage format the spec prescribes for
 * OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES). Undefined when an entry is malformed.
 */
export function parseKeyValueList(text: string | undefined): Record<string, string> | undefined {
  const entries: Record<string, string> = {};
  if (text === undefined) return entries;
  for (const entry of text.split(',')) {
    if (entry.trim() === '') continue;
    const equals = entry.indexOf('=');
    if (equals <= 0) return undefined;
    const key = entry.slice(0, equals).trim();
    if (key === '') return undefined;
    try {
      entries[key] = decodeURIComponent(entry.slice(equals + 1).trim());
    } catch {
      return undefined;
    }
  }
  return entries;
}

function readMilliseconds(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  issues: string[],
): number {
  const text = env[name];
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    issues.push(`environment: ${name}: must be a whole number of milliseconds`);
    return fallback;
  }
  return value;
}
