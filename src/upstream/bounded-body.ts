import type { Dispatcher } from 'undici';
import { facadeError } from '../errors.js';

/**
 * Reads an upstream body as text, counting bytes as they stream in. Past `maxBytes` (or when
 * `content-length` already says so) it destroys the body, which closes the socket, and fails
 * with UPSTREAM_BAD_RESPONSE: no more than `maxBytes` of a response is ever buffered.
 */
export async function readBoundedBody(response: Dispatcher.ResponseData, maxBytes: number): Promise<string> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.body.destroy();
    throw tooLarge(maxBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      response.body.destroy();
      throw tooLarge(maxBytes);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString('utf8');
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
