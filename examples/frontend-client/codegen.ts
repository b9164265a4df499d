/**
 * Codegen for the example frontend client: typed documents from `src/**\/*.ts`, checked
 * against the facade's published SDL (`schema.graphql` at the repository root, written by
 * `tsx scripts/print-schema.ts`).
 *
 * Paths are resolved from this file, so it works from any directory:
 *   npx graphql-codegen --config examples/frontend-client/codegen.ts     (repository root)
 *   npx graphql-codegen --config codegen.ts                             (this folder)
 */
import { fileURLToPath } from 'node:url';
import type { CodegenConfig } from '@graphql-codegen/cli';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

const config: CodegenConfig = {
  schema: here('../../schema.graphql'),
  documents: [here('src/**/*.ts'), `!${here('src/gql/**')}`],
  ignoreNoDocuments: false,
  generates: {
    [here('src/gql/')]: {
      preset: 'client',
      presetConfig: {
        // The example has no fragments; keep the output to the typed documents.
        fragmentMasking: false,
      },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        scalars: {
          DateTime: 'string',
          Long: 'number',
        },
      },
    },
  },
  // Native ESM (NodeNext, bundlers): relative imports in the generated files end in `.js`.
  importExtension: '.js',
};

export default config;
