import type { IncomingMessage } from 'node:http';
import { gunzip } from 'node:zlib';
import { HttpError } from './HttpError.js';

/** Body limits, in bytes. */
export interface BodyLimits {
  readonly maxBodyBytes: number;
  readonly maxInflatedBytes: number;
}

// text/plain is what navigator.sendBeacon can send without a CORS preflight, so a
// labeltrail client that falls back to a beacon still gets through.
const jsonMediaTypes = new Set(['application/json', 'text/plain']);

function gunzipLimited(data: Buffer, maxOutputLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    gunzip(data, { maxOutputLength }, (error, result) => {
      if (!error) resolve(result);
      else if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        reject(new HttpError(413, `body inflates to more than ${maxOutputLength} bytes`));
      } else
        reject(new HttpError(400, `Content-Encoding is gzip but the body is not valid gzip data: ${error.message}`));
    });
  });
}

function readAll(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    let ended = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBytes) {
        // Keep draining (and discarding) so the client reads the 413 instead of a reset.
        refused = true;
        chunks.length = 0;
        reject(new HttpError(413, `body is larger than ${maxBytes} bytes`, { connection: 'close' }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      ended = true;
      if (!refused) resolve(Buffer.concat(chunks));
    });
    // A client that hangs up mid-body emits close without end; settle so nothing waits forever.
    req.on('close', () => {
      if (!ended) reject(new HttpError(400, 'request body was cut off before its end'));
    });
    req.on('error', (error) => reject(new HttpError(400, `request body could not be read: ${error.message}`)));
  });
}

/** The request's media type, lower case, without parameters; undefined when it sent none. */
export function mediaTypeOf(req: IncomingMessage): string | undefined {
  return req.headers['content-type']?.split(';')[0]?.trim().toLowerCase() || undefined;
}

/**
 * Reads a request body as bytes: checks the encoding (415), the size as sent and after
 * gunzip (413) and that there is one (400), each with a message that names the problem.
 */
export async function readRawBody(req: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') {
    throw new HttpError(415, `Content-Encoding "${encoding}" is not supported; send gzip or no encoding`);
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBodyBytes) {
    req.resume();
    throw new HttpError(413, `body of ${declared} bytes is larger than ${limits.maxBodyBytes} bytes`, {
      connection: 'close',
    });
  }
  const raw = await readAll(req, limits.maxBodyBytes);
  const data = encoding === 'gzip' ? await gunzipLimited(raw, limits.maxInflatedBytes) : raw;
  if (data.length === 0) throw new HttpError(400, 'body is empty; expected a batch');
  return data;
}

/**
 * Reads a JSON request body: checks the media type (415), then reads it as `readRawBody`
 * does and parses it (400 for bad syntax).
 */
export async function readJsonBody(req: IncomingMessage, limits: BodyLimits): Promise<unknown> {
  const mediaType = mediaTypeOf(req);
  if (!mediaType || !jsonMediaTypes.has(mediaType)) {
    const contentType = req.headers['content-type'];
    throw new HttpError(
      415,
      `Content-Type must be application/json or application/x-protobuf (OTLP), got ` +
        `${contentType ? `"${contentType}"` : 'none'}`,
    );
  }
  const data = await readRawBody(req, limits);
  try {
    return JSON.parse(data.toString('utf8'));
  } catch (error) {
    throw new HttpError(400, `body is not valid JSON: ${(error as Error).message}`);
  }
}
