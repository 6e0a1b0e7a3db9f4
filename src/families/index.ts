import { ConflinesModule } from './conflines/conflines.module';
import { DevicesModule } from './devices/devices.module';
import { DidsModule } from './dids/dids.module';
import { NumberPoolsModule } from './number-pools/number-pools.module';
import { PbxPoolsModule } from './pbx-pools/pbx-pools.module';
import { PhonebooksModule } from './phonebooks/phonebooks.module';
import { QuickforwardsModule } from './quickforwards/quickforwards.module';
import { LoginModule } from './login/login.module';
import { ResellersModule } from './resellers/resellers.module';
import { UsersModule } from './users/users.module';
import { VersionModule } from './version/version.module';

/** Every MOR function family; each brings its own entities, migrations and @MorMethod handlers. */
export const FAMILY_MODULES = [UsersModule, LoginModule, ResellersModule, VersionModule, ConflinesModule, DevicesModule, DidsModule, PhonebooksModule, QuickforwardsModule, NumberPoolsModule, PbxPoolsModule];
