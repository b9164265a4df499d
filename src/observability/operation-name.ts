import { getOperationAST, type DocumentNode } from 'graphql';

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** The executed operation's name (from the document when the request names none), or `anonymous`. */
export function operationName(args: { document: DocumentNode; operationName?: string | null }): string {
  const name = getOperationAST(args.document, args.operationName)?.name?.value;
  return name && NAME.test(name) ? name : 'anonymous';
}
