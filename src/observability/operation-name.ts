import { getOperationAST, parse, type DocumentNode } from 'graphql';

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** The executed operation's name (from the document when the request names none), or `anonymous`. */
export function operationName(args: { document: DocumentNode; operationName?: string | null }): string {
  const name = getOperationAST(args.document, args.operationName)?.name?.value;
  return name && NAME.test(name) ? name : 'anonymous';
}

/** Maps client-chosen operation names onto a bounded set of metric label values. */
export interface OperationLabels {
  label(name: string): string;
  /** Names that always get their own label (persisted operations), outside the cap. */
  know(names: Iterable<string>): void;
}

/**
 * Bounded label cardinality: names made known (the persisted operations) keep their own label;
 * other names get one until `max` distinct ones have been seen, then they all count as `other`.
 */
export function createOperationLabels(max: number): OperationLabels {
  const known = new Set<string>(['anonymous']);
  const seen = new Set<string>();
  return {
    label(name) {
      if (known.has(name) || seen.has(name)) return name;
      if (seen.size >= max) return 'other';
      seen.add(name);
      return name;
    },
    know(names) {
      for (const name of names) known.add(name);
    },
  };
}

/** Names of the operations in a persisted-operations manifest (documents that do not parse are skipped). */
export function manifestOperationNames(manifest: Record<string, string>): string[] {
  const names: string[] = [];
  for (const source of Object.values(manifest)) {
    try {
      for (const definition of parse(source).definitions) {
        if (definition.kind === 'OperationDefinition' && definition.name && NAME.test(definition.name.value)) names.push(definition.name.value);
      }
    } catch {
      // The persisted-operations plugin reports a broken document when it is used.
    }
  }
  return names;
}
