/** True where the browser can gzip a request body (Chromium 80+, Firefox 113+, Safari 16.4+). */
export function canGzip(): boolean {
  return typeof CompressionStream === 'function';
}

/** Gzips a string off the main thread's critical path (the stream works asynchronously). */
export async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
