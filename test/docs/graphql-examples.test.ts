/**
 * Every GraphQL example of README.md and docs/ is true to the schema: each operation of each
 * ```graphql block parses and validates against `schema/*.graphql` as the facade serves it
 * (field and argument names, argument types, variables), so a renamed field cannot leave a
 * stale example behind. No upstream is involved.
 */
import { Kind, parse, validate, type DefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/schema.js';
import { codeBlocks, markdownFiles, readMarkdown } from './markdown.js';

const schema = buildSchema();

const examples = markdownFiles().flatMap((path) => {
  const { blocks } = codeBlocks(readMarkdown(path));
  return blocks.filter((block) => block.lang === 'graphql').map((block) => ({ where: `${path}:${block.line}`, code: block.code }));
});

/** Each operation of a block on its own (a block may show several), with the block's fragments. */
function operations(code: string): { name: string; definitions: DefinitionNode[] }[] {
  const document = parse(code);
  const fragments = document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
  return document.definitions.flatMap((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION ? [{ name: definition.name?.value ?? '(anonymous)', definitions: [definition, ...fragments] }] : [],
  );
}

describe('the GraphQL examples of the documentation', () => {
  it('every Markdown file closes each code block it opens', () => {
    const unclosed = markdownFiles().flatMap((path) => codeBlocks(readMarkdown(path)).unclosed.map((line) => `${path}:${line}`));
    expect(unclosed).toEqual([]);
  });

  it('the README and docs hold GraphQL examples, the README\'s "Many servers" ones among them', () => {
    expect(examples.length).toBeGreaterThanOrEqual(20);
    const readme = examples.filter((example) => example.where.startsWith('README.md:')).map((example) => example.code);
    expect(readme.some((code) => code.includes('createSession(credentials:'))).toBe(true);
    expect(readme.some((code) => /jobSessions\(servers: \[/.test(code) && code.includes('summary(since:'))).toBe(true);
  });

  it.each(examples)('$where parses and validates against the schema', ({ code }) => {
    const found = operations(code);
    expect(found.length).toBeGreaterThan(0);
    for (const { name, definitions } of found) {
      const errors = validate(schema, { kind: Kind.DOCUMENT, definitions }).map((error) => error.message);
      expect(errors, name).toEqual([]);
    }
  });
});
