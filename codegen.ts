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
