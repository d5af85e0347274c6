import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { parseKeyValueList, readTracingSettings } from './tracing-settings.js';

describe('readTracingSettings', () => {
  it('is off without an OTLP endpoint or OTEL_TRACES_EXPORTER', () => {
    expect(readTracingSettings({})).toEqual({ settings: undefined, issues: [] });
    expect(readTracingSettings({ OTEL_SERVICE_NAME: 'x', OTEL_EXPORTER_OTLP_HEADERS: 'a=b' }).settings).toBe(
      undefined,
    );
  });

  it('turns on with OTEL_EXPORTER_OTLP_ENDPOINT, adding the traces path to the base', () => {
    const { settings, issues } = readTracingSettings({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
    });
    expect(issues).toEqual([]);
    expect(settings).toEqual({
      url: 'http://collector:4318/v1/traces',
      headers: {},
      serviceName: 'llmux-gateway',
      resourceAttributes: {},
      scheduleDelayMs: 5000,
      exportTimeoutMs: 10_000,
    });
  });

  it('takes OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as the whole URL, ahead of the general one', () => {
    const { settings } = readTracingSettings({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://general:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/custom/path',
    });
    expect(settings?.url).toBe('https://traces.example/custom/path');
  });

  it("uses the spec's default endpoint when only OTEL_TRACES_EXPORTER=otlp is set", () => {
    expect(readTracingSettings({ OTEL_TRACES_EXPORTER: 'otlp' }).settings?.url).toBe(
      'http://localhost:4318/v1/traces',
    );
  });

  it.each([
    { OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' },
    { OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' },
  ])('stays off when %o says so', (env) => {
    expect(readTracingSettings(env)).toEqual({ settings: undefined, issues: [] });
  });

  it('reads headers (the traces-specific list wins), the service name and resource attributes', () => {
    const { settings } = readTracingSettings({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-general=1',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'authorization=Bearer%20abc, x-team = llm ',
      OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-resource,deployment.environment=prod',
      OTEL_BSP_SCHEDULE_DELAY: '250',
      OTEL_EXPORTER_OTLP_TIMEOUT: '3000',
    });
    expect(settings).toMatchObject({
      headers: { authorization: 'Bearer abc', 'x-team': 'llm' },
      serviceName: 'from-resource',
      resourceAttributes: { 'deployment.environment': 'prod' },
      scheduleDelayMs: 250,
      exportTimeoutMs: 3000,
    });
    expect(
      readTracingSettings({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_SERVICE_NAME: 'named',
        OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-resource',
      }).settings?.serviceName,
    ).toBe('named');
  });

  it.each([
    [{ OTEL_TRACES_EXPORTER: 'zipkin' }, 'OTEL_TRACES_EXPORTER'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://collector' }, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
      'OTEL_EXPORTER_OTLP_PROTOCOL',
    ],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_BSP_SCHEDULE_DELAY: 'soon' },
      'OTEL_BSP_SCHEDULE_DELAY',
    ],
  ])('names the bad variable in %o', (env, name) => {
    const { settings, issues } = readTracingSettings(env);
    expect(settings).toBeUndefined();
    expect(issues.join('\n')).toContain(name);
  });

  it('never repeats a malformed header list, which may hold a credential', () => {
    const { issues } = readTracingSettings({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key-without-equals-s3cr3t',
    });
    expect(issues.join('\n')).toContain('OTEL_EXPORTER_OTLP_HEADERS');
    expect(issues.join('\n')).not.toContain('s3cr3t');
  });

  it('reaches the gateway config, whose errors name the variable', () => {
    expect(loadConfig({}).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing?.url).toBe(
      'http://collector:4318/v1/traces',
    );
    expect(() => loadConfig({ OTEL_TRACES_EXPORTER: 'console' })).toThrow('OTEL_TRACES_EXPORTER');
  });
});

describe('parseKeyValueList', () => {
  it.each([
    [undefined, {}],
    ['', {}],
    ['a=1', { a: '1' }],
    ['a=1,,b=x%3Dy', { a: '1', b: 'x=y' }],
    ['a=', { a: '' }],
    ['=1', undefined],
    ['novalue', undefined],
    ['a=%E0%A4%A', undefined],
  ])('%s → %o', (text, expected) => {
    expect(parseKeyValueList(text)).toEqual(expected);
  });
});
