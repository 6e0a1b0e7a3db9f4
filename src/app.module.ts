import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiModule } from './api/api.module';
import { AppConfig } from './config/config';
import { CONFIG } from './config/config.token';
import { dataSourceOptions } from './database/data-source-options';
import { openDatabase } from './database/open-database';
import { FAMILY_MODULES } from './families';
import { OpsModule } from './ops/ops.module';
import { SettingsModule } from './settings/settings.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        // Migrations and the first-start seed run before any module can query; never synchronize.
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(config.databaseUrl, config.dbPoolSize),
          dataSourceFactory: (options) => openDatabase(options!, config),
        }),
        SettingsModule,
        OpsModule,
        ApiModule,
        ...FAMILY_MODULES,
      ],
      providers: [{ provide: CONFIG, useValue: config }],
      exports: [CONFIG],
    };
  }
}
