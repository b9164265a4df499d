import type { CodegenConfig } from '@graphql-codegen/cli';

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
          JobSession: '../model.js#JobSessionModel',
          JobSessionStatistics: '../model.js#JobSessionStatisticsModel',
          LogItem: '../model.js#LogItemModel',
          Job: '../model.js#JobModel',
          SchedulePolicy: '../model.js#SchedulePolicyModel',
          Organization: '../model.js#OrganizationModel',
          Token: '../upstream/types.js#TokenDto',
          JobSessionConnection: '../model.js#JobSessionConnectionModel',
          LogItemConnection: '../model.js#LogItemConnectionModel',
          ServerInfo: '../model.js#ServerInfoModel',
          StartJobResult: '../model.js#StartJobResultModel',
        },
        mapperTypeSuffix: 'Model',
        avoidOptionals: false,
        useIndexSignature: false,
      },
    },
  },
};

export default config;
