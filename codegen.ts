import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/*.graphql',
  generates: {
    'src/generated/resolvers.generated.ts': {
      plugins: [
        'typescript',
        'typescript-resolvers',
      ],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        scalars: {
          DateTime: 'string',
          Long: 'number',
        },
        contextType: '../context.js#GraphQLContext',
        mappers: {
          JobSession: '../upstream/types.js#JobSessionDto',
          JobSessionStatistics: '../upstream/types.js#JobSessionStatisticsDto',
          LogItem: '../upstream/types.js#LogItemDto',
          Job: '../upstream/types.js#JobDto',
          SchedulePolicy: '../upstream/types.js#SchedulePolicyDto',
          Organization: '../upstream/types.js#OrganizationDto',
          Token: '../upstream/types.js#TokenDto',
          JobSessionConnection: '../models.js#JobSessionConnectionModel',
          LogItemConnection: '../models.js#LogItemConnectionModel',
        },
        mapperTypeSuffix: 'Model',
        avoidOptionals: false,
        useIndexSignature: false,
      },
    },
  },
};

export default config;
