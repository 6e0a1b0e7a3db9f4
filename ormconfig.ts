// The TypeORM CLI's data source: `npx typeorm -d dist/ormconfig.js migration:show` after a build.
import { DataSource } from 'typeorm';
import { DEFAULT_DATABASE_URL } from './src/config/config';
import { dataSourceOptions } from './src/database/data-source-options';

export default new DataSource(dataSourceOptions(process.env.DATABASE_URL || DEFAULT_DATABASE_URL));
