import { locatedError, responsePathAsArray, type ExecutionResult, type GraphQLError, type GraphQLResolveInfo } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Errors of a request's answer that has data as well: a cross-server field returns the rows of
 * the servers that answered and reports one error per server that did not.
 *
 * A graphql-js resolver returns a value or throws, never both; so the resolver returns the data
 * and adds the errors here (located at its field's path), and `usePartialErrors` appends them to
 * the result's `errors` when execution is done. One collector per request, on the context; it
 * holds only that request's errors and is dropped with it.
 */
export interface PartialErrors {
  /** Reports `errors` at the field `info` resolves. */
  add(errors: readonly GraphQLError[], info: GraphQLResolveInfo): void;
  /** What was reported, in order; empties the collector. */
  take(): GraphQLError[];
}

export function createPartialErrors(): PartialErrors {
  let errors: GraphQLError[] = [];
  return {
    add(more, info) {
      const path = responsePathAsArray(info.path);
      for (const error of more) errors.push(locatedError(error, info.fieldNodes, path));
    },
    take() {
      const taken = errors;
      errors = [];
      return taken;
    },
  };
}

/** In a resolver: reports a cross-server answer's errors and returns the answer (`return reported(answer, context.partialErrors, info)`). */
export function reported<A extends { errors: readonly GraphQLError[] }>(answer: A, collector: PartialErrors, info: GraphQLResolveInfo): A {
  if (answer.errors.length > 0) collector.add(answer.errors, info);
  return answer;
}

const isStream = (result: unknown): result is AsyncIterable<unknown> => typeof result === 'object' && result !== null && Symbol.asyncIterator in result;

/**
 * The Yoga plugin that appends a request's reported errors to its result (after the errors
 * graphql-js raised itself). `collectorOf` finds the request's collector on its context.
 * Streamed results (subscriptions) are left as they are: their fields report per event.
 */
export function usePartialErrors<Context extends object>(collectorOf: (context: Context) => PartialErrors | undefined): Plugin<Context> {
  return {
    onExecute({ args }) {
      const collector = collectorOf(args.contextValue as Context);
      if (!collector) return;
      return {
        onExecuteDone({ result, setResult }) {
          if (isStream(result)) return;
          const extra = collector.take();
          if (extra.length === 0) return;
          const single = result as ExecutionResult;
          setResult({ ...single, errors: [...(single.errors ?? []), ...extra] });
        },
      };
    },
  };
}
