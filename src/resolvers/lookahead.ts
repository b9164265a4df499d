import {
  getArgumentValues,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';

/** A child field the query selects under the field being resolved, with its argument values. */
export interface SelectedChild {
  name: string;
  args: Record<string, unknown>;
}

/**
 * The fields selected directly below the current field (through fragments, honouring
 * @skip and @include), so a resolver can start fetches that only depend on arguments
 * while its own object is still in flight.
 */
export function selectedChildren(info: GraphQLResolveInfo): SelectedChild[] {
  const type = info.returnType;
  const named = 'ofType' in type ? type.ofType : type;
  if (!isObjectType(named)) return [];
  const fieldDefs = named.getFields();
  const found: SelectedChild[] = [];
  const visit = (selectionSet: SelectionSetNode | undefined, seen: Set<string>) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (!included(selection, info)) continue;
      if (selection.kind === Kind.FIELD) {
        const def = fieldDefs[selection.name.value];
        if (def) found.push({ name: def.name, args: argumentsOf(def, selection, info) });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, seen);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        visit(info.fragments[selection.name.value]?.selectionSet, seen);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, new Set());
  return found;
}

function included(node: Parameters<typeof getDirectiveValues>[1], info: GraphQLResolveInfo): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;
}

function argumentsOf(
  def: Parameters<typeof getArgumentValues>[0],
  node: FieldNode,
  info: GraphQLResolveInfo,
): Record<string, unknown> {
  try {
    return getArgumentValues(def, node, info.variableValues);
  } catch {
    return {};
  }
}
