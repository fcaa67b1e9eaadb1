// Where the app's traces and logs go, chosen once per process from the settings:
// - in Azure (APPLICATIONINSIGHTS_CONNECTION_STRING set), to Application Insights through the
//   Azure Monitor OpenTelemetry distro, with the app's managed identity: the resource has local
//   authentication off (infra/app.bicep);
// - elsewhere, to the console: one JSON line per log line and per span.
// Both load on first use, so an instance's start-up reads neither (bench/cold-start).
import { trace } from '@opentelemetry/api';
import { SeverityNumber, logs } from '@opentelemetry/api-logs';
import { commonJsExports } from '../azure/on-first-use.js';
import type { ApplicationInsightsSettings } from '../settings.js';
import { currentLogScope, logRecord, type LogSink } from './log-scope.js';
import { TRACER_NAME } from './tracing.js';

export type TelemetryExport = 'azure-monitor' | 'console';

let started: Promise<TelemetryExport> | undefined;
let exporting: TelemetryExport | undefined;

/**
 * Starts exporting, once per process; later calls answer the first one's promise. `write` prints
 * one console line (the console exporter's, and the log sink's before Azure Monitor is up).
 */
export function startTelemetry(
  applicationInsights: ApplicationInsightsSettings | undefined,
  write: (line: string) => void,
): Promise<TelemetryExport> {
  started ??= (
    applicationInsights ? startAzureMonitor(applicationInsights) : startConsole(write)
  ).then((chosen) => (exporting = chosen));
  return started;
}

/** Resolves once the exporter startTelemetry chose is registered; at once when none was started. */
export async function telemetryReady(): Promise<void> {
  await started?.catch(() => undefined);
}

/**
 * The app's log sink: a structured record per line, sent as an OpenTelemetry log record (in the
 * active span's trace) once Azure Monitor exports, and printed as one JSON line otherwise.
 */
export function telemetrySink(write: (line: string) => void, now = () => new Date()): LogSink {
  return (line, scope) => {
    const record = logRecord(line, { ...currentLogScope(), ...scope }, now());
    if (exporting !== 'azure-monitor') {
      write(JSON.stringify(record));
      return;
    }
    const { message, time, level, ...attributes } = record;
    logs.getLogger(TRACER_NAME).emit({
      body: message,
      timestamp: new Date(time),
      severityNumber: level === 'info' ? SeverityNumber.INFO : SeverityNumber.WARN,
      severityText: level,
      attributes,
    });
  };
}

async function startConsole(write: (line: string) => void): Promise<TelemetryExport> {
  // A CommonJS package: the bundle's chunk of it exports only `default` (on-first-use.ts).
  const { BasicTracerProvider, SimpleSpanProcessor } = await commonJsExports(
    import('@opentelemetry/sdk-trace-base'),
  );
  const { ConsoleSpanLines } = await import('./console-spans.js');
  const provider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanLines(write))],
  });
  trace.setGlobalTracerProvider(provider);
  return 'console';
}

async function startAzureMonitor(settings: ApplicationInsightsSettings): Promise<TelemetryExport> {
  const { useAzureMonitor } = await import('@azure/monitor-opentelemetry');
  const { ManagedIdentityCredential } = await import('@azure/identity');
  useAzureMonitor({
    azureMonitorExporterOptions: {
      connectionString: settings.connectionString,
      credential: new ManagedIdentityCredential(
        settings.clientId === undefined ? {} : { clientId: settings.clientId },
      ),
    },
    // The log sink sends its records itself; collecting the console too would send each twice.
    instrumentationOptions: { console: { enabled: false } },
  });
  return 'azure-monitor';
}
