import {
  getArgumentValues,
  getNamedType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { bearerToken } from '../context.js';
import { facadeError } from '../errors.js';
import { createBoundedLru } from '../lru.js';
import { fieldCost } from '../resolvers/costs.js';

/**
 * The upstream requests an operation needs when every list it asks for comes back full: a
 * lower bound on what it will really cost, computed from the document and its variables alone.
 */
export function estimateUpstreamCalls(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName?: string | null,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const operation = document.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return 0;
  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  if (!root) return 0;

  const walk = (selectionSet: SelectionSetNode, type: GraphQLObjectType, multiplier: number, seen: Set<string>): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += walk(selection.selectionSet, type, multiplier, seen);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(fragment.name.value)) {
          total += walk(fragment.selectionSet, type, multiplier, new Set([...seen, fragment.name.value]));
        }
      } else {
        const def = type.getFields()[selection.name.value];
        if (!def) continue;
        const cost = fieldCost(type.name, def.name);
        let below = multiplier;
        if (cost !== 'free') {
          let args: Record<string, unknown> = {};
          try {
            args = getArgumentValues(def, selection, variables);
          } catch {
            // Invalid arguments fail validation or the resolver; they cost nothing here.
          }
          total += cost.calls === 'each' ? multiplier : 1;
          below = (cost.calls === 'each' ? multiplier : 1) * (cost.fanOut?.(args) ?? 1);
        }
        const child = getNamedType(def.type);
        if (selection.selectionSet && isObjectType(child)) total += walk(selection.selectionSet, child, below, seen);
      }
    }
    return total;
  };
  return walk(operation.selectionSet, root, 1, new Set());
}

/** Estimates kept for repeated operations, bounded in bytes; holds no caller data beyond variables' shape. */
export interface EstimateCache {
  get(document: DocumentNode, key: string): number | undefined;
  set(document: DocumentNode, key: string, estimate: number): void;
  /** Bytes of keys held now (UTF-16 code units × 2, plus a fixed overhead per entry). */
  readonly bytes: number;
  readonly size: number;
}

/**
 * One LRU for all documents, bounded in bytes; a key longer than `maxKeyBytes` is not kept
 * at all (huge unique variables would only churn it). Documents are named by a per-process
 * number, so the cache does not keep a document alive.
 */
export function createEstimateCache(maxBytes = 1024 * 1024, maxKeyBytes = 2048): EstimateCache {
  const ids = new WeakMap<DocumentNode, number>();
  let nextId = 0;
  const lru = createBoundedLru<number>({ maxBytes, maxKeyBytes });
  const fullKey = (document: DocumentNode, key: string) => {
    let id = ids.get(document);
    if (id === undefined) ids.set(document, (id = nextId++));
    return `${id}\n${key}`;
  };
  return {
    get: (document, key) => lru.get(fullKey(document, key)),
    set: (document, key, estimate) => lru.set(fullKey(document, key), estimate),
    get bytes() {
      return lru.bytes;
    },
    get size() {
      return lru.size;
    },
  };
}

/**
 * Refuses, before any upstream call, an operation whose list sizes alone exceed the budget.
 * Estimates of repeated operations are cached (bounded in bytes), but only for callers that
 * send a bearer token: anonymous callers cannot fill the cache.
 */
export function useQueryBudget(budget: number, cache: EstimateCache = createEstimateCache()): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      const request = (args.contextValue as { request?: Request } | undefined)?.request;
      const cacheable = bearerToken(request?.headers.get('authorization') ?? null) !== undefined;
      const key = cacheable ? `${args.operationName ?? ''}\n${JSON.stringify(variables)}` : '';
      let estimate = cacheable ? cache.get(args.document, key) : undefined;
      if (estimate === undefined) {
        estimate = estimateUpstreamCalls(args.schema, args.document, variables, args.operationName);
        if (cacheable) cache.set(args.document, key, estimate);
      }
      if (estimate > budget) {
        const error = facadeError(
          'QUERY_TOO_EXPENSIVE',
          `This operation needs at least ${estimate} backup server requests; the limit is ${budget}. Ask for smaller pages.`,
        );
        setResultAndStopExecution({ errors: [error] });
      }
    },
  };
}
