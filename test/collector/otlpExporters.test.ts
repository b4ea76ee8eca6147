import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { LoggerProvider, type LogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPLogExporter as ProtoExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPLogExporter as JsonExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { Collector } from '../../src/collector/index.js';
import type { TrailEvent } from '../../src/events/schema.js';
import { sdkRecords } from '../support/otelSdk.js';
import { OWNER, getJson, makeEvent, startCollector } from './helpers.js';

// OpenTelemetry's own log exporters, protobuf (the default of an OpenTelemetry Collector's
// otlphttp exporter) and JSON, as real clients of the collector: labeltrail's records are
// stored exactly, and records without labeltrail's attributes are answered in partialSuccess.

/** Records an SDK user would emit without labeltrail's attributes: an app's own log lines. */
function foreignRecords(count: number): ReadableLogRecord[] {
  const records: ReadableLogRecord[] = [];
  const collect: LogRecordProcessor = {
    onEmit: (record) => void records.push(record),
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'api' }),
    processors: [collect],
  });
  for (let i = 0; i < count; i++) {
    provider
      .getLogger('app')
      .emit({ severityNumber: SeverityNumber.WARN, body: `cache miss ${i}`, attributes: { n: i } });
  }
  return records;
}

function exportWith(exporter: ProtoExporter | JsonExporter, records: ReadableLogRecord[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(records, resolve));
}

describe.each([
  ['protobuf', (url: string) => new ProtoExporter({ url, headers: { authorization: `Bearer ${OWNER}` } })],
  ['JSON', (url: string) => new JsonExporter({ url, headers: { authorization: `Bearer ${OWNER}` } })],
])('the official OTLP/HTTP %s log exporter', (_, makeExporter) => {
  let collector: Collector;
  let url: string;
  const warnings: string[] = [];
  beforeAll(async () => {
    ({ collector, url } = await startCollector());
    diag.setLogger(
      {
        error: () => {},
        warn: (...args) => void warnings.push(args.join(' ')),
        info: () => {},
        debug: () => {},
        verbose: () => {},
      },
      DiagLogLevel.WARN,
    );
  });
  afterAll(async () => {
    diag.disable();
    await collector.close();
  });

  test('delivers labeltrail events, stored exactly, and hears the others rejected in partialSuccess', async () => {
    const events: TrailEvent[] = [
      makeEvent('label.added', { seq: 0, label: { id: 'L1', name: 'Car' }, context: { item: 'img-1', frame: 3 } }),
      makeEvent('task.submitted', { seq: 1, context: { task: 't-9' } }),
    ];
    const exporter = makeExporter(`${url}/v1/logs`);
    const result = await exportWith(exporter, [
      ...sdkRecords(events, 'editor', '0.1.0', Date.now()),
      ...foreignRecords(3),
    ]);
    await exporter.shutdown();
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    const partial = warnings.find((line) => line.startsWith('Received Partial Success response:'));
    expect(partial).toBeDefined();
    const answer = JSON.parse(partial!.slice('Received Partial Success response:'.length)) as {
      rejectedLogRecords: number | string;
      errorMessage: string;
    };
    expect(Number(answer.rejectedLogRecords)).toBe(3);
    expect(answer.errorMessage).toMatch(/^3 of 5 log records rejected: /);
    const stored = await getJson<{ events: TrailEvent[] }>(
      url,
      `/v1/logs?start=0&end=${Date.now() + 86_400_000}&sort=time&order=asc`,
    );
    expect(stored.body.events).toEqual(events);
  });
});
