const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Log records of an OTLP `resourceLogs` array, counted without decoding any. */
export function countOtlpRecords(resourceLogs: readonly unknown[]): number {
  let n = 0;
  for (const resource of resourceLogs) {
    const scopes = isRecord(resource) && Array.isArray(resource['scopeLogs']) ? resource['scopeLogs'] : [];
    for (const scope of scopes)
      if (isRecord(scope) && Array.isArray(scope['logRecords'])) n += scope['logRecords'].length;
  }
  return n;
}
