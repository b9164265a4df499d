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
import { facadeError } from '../errors.js';
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

/** Refuses, before any upstream call, an operation whose list sizes alone exceed the budget. */
export function useQueryBudget(budget: number): Plugin {
  // Yoga reuses the parsed document of a repeated query: estimate each (document, name,
  // variables) once. Entries live as long as the document does, at most 64 per document.
  const estimates = new WeakMap<DocumentNode, Map<string, number>>();
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      const key = `${args.operationName ?? ''}\n${JSON.stringify(variables)}`;
      let known = estimates.get(args.document);
      if (!known) estimates.set(args.document, (known = new Map()));
      let estimate = known.get(key);
      if (estimate === undefined) {
        estimate = estimateUpstreamCalls(args.schema, args.document, variables, args.operationName);
        if (known.size < 64) known.set(key, estimate);
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
