import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiModule } from './api/api.module';
import { AppConfig } from './config/config';
import { CONFIG } from './config/config.token';
import { dataSourceOptions } from './database/data-source-options';
import { FirstStartSeed } from './database/first-start.seed';
import { FAMILY_MODULES } from './families';
import { SettingsModule } from './settings/settings.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        // Migrations run at start; the schema never comes from entity synchronisation.
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl), migrationsRun: true }),
        SettingsModule,
        ApiModule,
        ...FAMILY_MODULES,
      ],
      providers: [{ provide: CONFIG, useValue: config }, FirstStartSeed],
      exports: [CONFIG],
    };
  }
}
