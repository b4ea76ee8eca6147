/** Library version, sent as the OTLP instrumentation scope version. */
export const VERSION = '0.1.0';
