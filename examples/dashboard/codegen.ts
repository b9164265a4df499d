/**
 * Codegen for the dashboard: typed documents from `src/**\/*.{ts,tsx}`, checked against the
 * facade's published SDL (`schema.graphql` at the repository root).
 *
 *   npx graphql-codegen --config examples/dashboard/codegen.ts     (repository root)
 */
import { fileURLToPath } from 'node:url';
import type { CodegenConfig } from '@graphql-codegen/cli';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

const config: CodegenConfig = {
  schema: here('../../schema.graphql'),
  documents: [here('src/**/*.{ts,tsx}'), `!${here('src/gql/**')}`],
  ignoreNoDocuments: false,
  generates: {
    [here('src/gql/')]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        scalars: { DateTime: 'string', Long: 'number' },
      },
    },
  },
};

export default config;
