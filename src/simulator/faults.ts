/** A misbehaviour to inject; see `FaultPlan` for which field wins when several are set. */
export interface Fault {
  /** Tested against the lowercased path without the query; absent = every route (incl. token). */
  path?: RegExp;
  method?: string;
  /** Answer with this status and `body` (default `{"message": "Injected fault"}`). */
  status?: number;
  /** Raw body to send (may be invalid JSON); without `status` it is sent with 200. */
  body?: string;
  /** Extra response headers, e.g. `{ 'Retry-After': '1' }`. */
  headers?: Record<string, string>;
  /** Extra delay before answering. */
  delayMs?: number;
  /** Never answer (the socket stays open until the client gives up or the simulator closes). */
  hang?: boolean;
  /** Destroy the socket without answering. */
  reset?: boolean;
  /** 200 with a non-JSON body. */
  malformed?: boolean;
  /** The real response with its JSON body cut in half (no content-length). */
  truncated?: boolean;
  /** The real response, its body sent in a few chunks spread over this many ms. */
  slowBodyMs?: number;
  /** How many matching requests it applies to (default: unlimited). */
  times?: number;
}

export type FaultAction =
  | { readonly kind: 'hang' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'replace'; readonly status: number; readonly body: string }
  | { readonly kind: 'truncate' }
  | { readonly kind: 'slow'; readonly durationMs: number }
  | { readonly kind: 'none' };

/** What the server does for a matched fault: wait `delayMs`, then act, adding `headers` to any answer. */
export interface FaultPlan {
  readonly delayMs: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly action: FaultAction;
}

export interface FaultList {
  inject(fault: Fault): void;
  clear(): void;
  /** The first matching fault with uses left, in injection order; consumes one use. */
  take(method: string, path: string): Fault | undefined;
}

const DEFAULT_FAULT_BODY = JSON.stringify({ message: 'Injected fault' });
const MALFORMED_BODY = '<html><body><h1>Bad gateway</h1></body></html>';

export function createFaultList(): FaultList {
  let entries: { fault: Fault; path: RegExp | undefined; remaining: number }[] = [];
  return {
    inject(fault) {
      // A private copy without g/y flags: RegExp.test would otherwise keep state between requests.
      const path = fault.path && new RegExp(fault.path.source, fault.path.flags.replace(/[gy]/g, ''));
      entries.push({ fault: { ...fault }, path, remaining: fault.times ?? Number.POSITIVE_INFINITY });
    },
    clear() {
      entries = [];
    },
    take(method, path) {
      const entry = entries.find(
        (e) =>
          e.remaining > 0 &&
          (e.fault.method === undefined || e.fault.method.toUpperCase() === method.toUpperCase()) &&
          (e.path === undefined || e.path.test(path)),
      );
      if (entry === undefined) return undefined;
      entry.remaining -= 1;
      return entry.fault;
    },
  };
}

export function planFault(fault: Fault): FaultPlan {
  return { delayMs: fault.delayMs ?? 0, headers: fault.headers ?? {}, action: actionOf(fault) };
}

function actionOf(fault: Fault): FaultAction {
  if (fault.hang) return { kind: 'hang' };
  if (fault.reset) return { kind: 'reset' };
  if (fault.status !== undefined || fault.body !== undefined) {
    return { kind: 'replace', status: fault.status ?? 200, body: fault.body ?? DEFAULT_FAULT_BODY };
  }
  if (fault.malformed) return { kind: 'replace', status: 200, body: MALFORMED_BODY };
  if (fault.truncated) return { kind: 'truncate' };
  if (fault.slowBodyMs !== undefined) return { kind: 'slow', durationMs: fault.slowBodyMs };
  return { kind: 'none' };
}
