import type { CodegenConfig } from '@graphql-codegen/cli';
import { readdirSync, readFileSync } from 'node:fs';

/** The object types the SDL declares. */
function schemaTypes(): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync('schema').filter((name) => name.endsWith('.graphql'))) {
    for (const match of readFileSync(`schema/${file}`, 'utf8').matchAll(/^type (\w+)/gm)) names.add(match[1]!);
  }
  return names;
}

/**
 * Mappers found, not listed: a GraphQL type `X` maps to the `XModel` that src/model.ts, the
 * cross-server summary (src/servers/summary.ts) or a resource module (src/upstream/resources/)
 * exports, so a new resource's model needs no entry here.
 */
function modelMappers(): Record<string, string> {
  const types = schemaTypes();
  const sources = [
    { file: 'src/model.ts', module: '../model.js' },
    { file: 'src/servers/summary.ts', module: '../servers/summary.js' },
    ...readdirSync('src/upstream/resources')
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.generated.ts'))
      .sort()
      .map((name) => ({ file: `src/upstream/resources/${name}`, module: `../upstream/resources/${name.replace(/\.ts$/, '.js')}` })),
  ];
  const mappers: Record<string, string> = {};
  for (const { file, module } of sources) {
    for (const match of readFileSync(file, 'utf8').matchAll(/^export (?:interface|type) (\w+)Model\b/gm)) {
      const type = match[1]!;
      if (types.has(type)) mappers[type] = `${module}#${type}Model`;
    }
  }
  return mappers;
}

/** How the SDL's types are spelled in TypeScript; both outputs share it. */
const typeSettings = {
  useTypeImports: true,
  enumsAsTypes: true,
  strictScalars: true,
  scalars: {
    DateTime: 'string',
    Long: 'number',
  },
};

const config: CodegenConfig = {
  schema: 'schema/*.graphql',
  generates: {
    // The SDL's enums and types alone, importing nothing: the model and the adapters read these.
    'src/schema-types.generated.ts': {
      plugins: ['typescript'],
      config: typeSettings,
    },
    // Resolver signatures: they import the GraphQL context and the mappers' models.
    'src/generated/resolvers.generated.ts': {
      plugins: [
        'typescript',
        'typescript-resolvers',
      ],
      config: {
        ...typeSettings,
        contextType: '../context.js#GraphQLContext',
        mappers: {
          ...modelMappers(),
          Token: '../upstream/types.js#TokenDto',
          Alert: '../alerts/types.js#Alert',
          AlertConnection: '../alerts/types.js#AlertPage',
        },
        mapperTypeSuffix: 'Model',
        avoidOptionals: false,
        useIndexSignature: false,
      },
    },
  },
};

export default config;
