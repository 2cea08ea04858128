import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AgreementsModule } from './agreements/agreements.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CommonModule } from './common/common.module.js';
import { formatGraphqlError } from './common/errors/format-graphql-error.js';
import { graphqlHardening } from './common/graphql/graphql-hardening.js';
import { createGraphqlContext } from './common/loaders/graphql-context.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DocumentsModule } from './documents/documents.module.js';
import { HealthModule } from './health/health.module.js';
import { MonitoringModule } from './monitoring/monitoring.module.js';
import { NotificationKindsModule } from './notifications/kinds/notification-kinds.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { WebModule } from './web/web.module.js';
import { DemoModule } from './demo/demo.module.js';
import { OrganisationsModule } from './organisations/organisations.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const development = config.mode !== 'production';
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule,
        DatabaseModule,
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: config.schemaFile ?? true,
          sortSchema: true,
          context: createGraphqlContext,
          formatError: formatGraphqlError,
          includeStacktraceInErrorResponses: false,
          introspection: development,
          ...graphqlHardening(config),
          playground: false,
          plugins: development ? [ApolloServerPluginLandingPageLocalDefault({ embed: true })] : [],
        }),
        AuditModule,
        NotificationsModule,
        AuthModule,
        OrganisationsModule,
        AgreementsModule,
        DocumentsModule,
        MonitoringModule,
        NotificationKindsModule,
        WebModule,
        DemoModule,
        HealthModule,
      ],
    };
  }
}
