import type { ErrorCode } from '../errors.js';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';

function tooLarge(fetchAPI: { Response: typeof Response }, maxBytes: number): Response {
  const body = { errors: [{ message: `Request body is larger than ${maxBytes} bytes.`, extensions: { code: 'PAYLOAD_TOO_LARGE' satisfies ErrorCode } }] };
  return new fetchAPI.Response(JSON.stringify(body), {
    status: 413,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

/** Reads at most `maxBytes` of a (text) stream; undefined when it holds more. */
async function readAtMost(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<string | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/** Answers 413 for a body over `maxBytes`, before Yoga parses it. */
export function useMaxBodySize(maxBytes: number): Plugin {
  return {
    async onRequest({ request, endResponse, setRequest, fetchAPI }) {
      if (request.method !== 'POST') return;
      const length = request.headers.get('content-length');
      if (length !== null) {
        if (!/^\d+$/.test(length) || Number(length) > maxBytes) endResponse(tooLarge(fetchAPI, maxBytes));
        return;
      }
      // A chunked body carries no length: read it here, within the limit.
      if (!request.body) return;
      const body = await readAtMost(request.body, maxBytes);
      if (!body) return endResponse(tooLarge(fetchAPI, maxBytes));
      setRequest(new fetchAPI.Request(request.url, { method: 'POST', headers: request.headers, body, signal: request.signal }));
    },
  };
}

/** Turns schema introspection off (`__typename` keeps working). */
export function useNoIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}

const JSON_MEDIA_TYPE = /^application\/(json|graphql-response\+json)\s*(;|$)/i;

/**
 * POSTs to the GraphQL endpoint must be JSON: form-encoded, multipart and text bodies are the
 * ones a browser sends cross-site without a preflight, so refusing them closes CSRF (against
 * `createToken` too). GET stays for queries; Yoga refuses mutations over GET.
 */
export function useJsonPostsOnly(endpoint = '/graphql'): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'POST' || url.pathname !== endpoint) return;
      if (JSON_MEDIA_TYPE.test(request.headers.get('content-type') ?? '')) return;
      const body = { errors: [{ message: 'POST bodies must be application/json.', extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' satisfies ErrorCode } }] };
      endResponse(
        new fetchAPI.Response(JSON.stringify(body), {
          status: 415,
          headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
        }),
      );
    },
  };
}
