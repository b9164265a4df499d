import type { Dispatcher } from 'undici';
import { facadeError } from '../errors.js';

/**
 * Reads an upstream body as text, counting bytes as they stream in. Past `maxBytes` (or when
 * `content-length` already says so) it destroys the body, which closes the socket, and fails
 * with UPSTREAM_BAD_RESPONSE: no more than `maxBytes` of a response is ever buffered.
 */
export function readBoundedBody(response: Dispatcher.ResponseData, maxBytes: number): Promise<string> {
  const body = response.body;
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    body.destroy();
    return Promise.reject(tooLarge(maxBytes));
  }
  // Plain stream events rather than an async iterator: one promise per body instead of one per
  // chunk plus the iterator's own machinery, on every upstream call.
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    body.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.byteLength;
      if (size > maxBytes) {
        fail(tooLarge(maxBytes));
        body.destroy();
        return;
      }
      chunks.push(chunk);
    });
    body.once('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks, size).toString('utf8'));
    });
    body.once('error', fail);
    // Destroyed before its end without an error of its own: the answer is cut short.
    body.once('close', () => {
      if (!settled) fail(Object.assign(new Error('upstream body closed before its end'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    });
  });
}

/** The failure readBoundedBody throws; the pipeline never retries it. */
export class ResponseTooLarge extends Error {
  readonly graphqlError;
  constructor(maxBytes: number) {
    super(`upstream response over ${maxBytes} bytes`);
    this.name = 'ResponseTooLarge';
    this.graphqlError = facadeError('UPSTREAM_BAD_RESPONSE', `The backup server sent a response larger than ${maxBytes} bytes.`);
  }
}

function tooLarge(maxBytes: number): ResponseTooLarge {
  return new ResponseTooLarge(maxBytes);
}
