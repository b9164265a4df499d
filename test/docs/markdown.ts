/** The documentation's text as the tests read it: sections and fenced code blocks of the Markdown files. */
import { readdirSync, readFileSync } from 'node:fs';

const ROOT = new URL('../../', import.meta.url);

/** README.md and every file of docs/, by their path from the repository's root. */
export function markdownFiles(): string[] {
  const docs = readdirSync(new URL('docs/', ROOT)).filter((name) => name.endsWith('.md')).sort();
  return ['README.md', ...docs.map((name) => `docs/${name}`)];
}

export function readMarkdown(path: string): string {
  return readFileSync(new URL(path, ROOT), 'utf8');
}

export interface CodeBlock {
  lang: string;
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
}

/**
 * The fenced blocks (```lang ... ```), read line by line. A fence naming a language inside an
 * open block means that block's closing fence is missing: its line is in `unclosed`.
 */
export function codeBlocks(text: string): { blocks: CodeBlock[]; unclosed: number[] } {
  const blocks: CodeBlock[] = [];
  const unclosed: number[] = [];
  let open: { lang: string; line: number; lines: string[] } | undefined;
  text.split('\n').forEach((line, i) => {
    const fence = /^\s*```\s*([\w-]*)\s*$/.exec(line);
    if (!fence) {
      open?.lines.push(line);
      return;
    }
    if (open && fence[1] === '') {
      blocks.push({ lang: open.lang, code: open.lines.join('\n'), line: open.line });
      open = undefined;
      return;
    }
    if (open) unclosed.push(open.line);
    open = { lang: fence[1]!, line: i + 1, lines: [] };
  });
  if (open) unclosed.push(open.line);
  return { blocks, unclosed };
}

/** The text under a `## title` heading, up to the next heading of that level. */
export function section(text: string, title: string): string {
  const start = text.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`no section "## ${title}"`);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

/** A JSON answer as the docs print it: `…` stands for elements left out. */
export function parseShortenedJson(code: string): unknown {
  return JSON.parse(code.replace(/,\s*…(?=\s*[\]}])/g, ''));
}
