import { Global, Module } from '@nestjs/common';
import { DevicesModule } from '../devices/devices.module';
import { RegistrationController } from './registration.controller';
import { RegistrationService } from './registration.service';
import { UserDeletionBlockers } from './user-deletion';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Global()
@Module({
  imports: [DevicesModule],
  controllers: [UsersController, RegistrationController],
  providers: [UsersService, RegistrationService, UserDeletionBlockers],
  exports: [UsersService, UserDeletionBlockers],
})
export class UsersModule {}
