import { CallsModule } from './calls/calls.module';
import { CallingCardsModule } from './calling-cards/calling-cards.module';
import { ConflinesModule } from './conflines/conflines.module';
import { CreditNotesModule } from './credit-notes/credit-notes.module';
import { DevicesModule } from './devices/devices.module';
import { DidsModule } from './dids/dids.module';
import { EmailModule } from './email/email.module';
import { NumberPoolsModule } from './number-pools/number-pools.module';
import { PaymentsModule } from './payments/payments.module';
import { PbxPoolsModule } from './pbx-pools/pbx-pools.module';
import { PhonebooksModule } from './phonebooks/phonebooks.module';
import { QuickforwardsModule } from './quickforwards/quickforwards.module';
import { FinancialStatementsModule } from './financial-statements/financial-statements.module';
import { InvoicesModule } from './invoices/invoices.module';
import { LcrModule } from './lcr/lcr.module';
import { LocationRulesModule } from './location-rules/location-rules.module';
import { LoginModule } from './login/login.module';
import { MonitoringsModule } from './monitorings/monitorings.module';
import { ProviderRulesModule } from './provider-rules/provider-rules.module';
import { ProvidersModule } from './providers/providers.module';
import { RoutingModule } from './routing/routing.module';
import { ResellersModule } from './resellers/resellers.module';
import { ServicesModule } from './services/services.module';
import { SmsModule } from './sms/sms.module';
import { TariffsModule } from './tariffs/tariffs.module';
import { TelephonyModule } from './telephony/telephony.module';
import { UsersModule } from './users/users.module';
import { VersionModule } from './version/version.module';

/** Every MOR function family; each brings its own entities, migrations and @MorMethod handlers. */
export const FAMILY_MODULES = [
  UsersModule, LoginModule, ResellersModule, VersionModule, ConflinesModule, DevicesModule, TariffsModule, LcrModule, ProvidersModule,
  ProviderRulesModule, LocationRulesModule, RoutingModule, DidsModule, PhonebooksModule, QuickforwardsModule, NumberPoolsModule, PbxPoolsModule,
  ServicesModule, EmailModule, MonitoringsModule, SmsModule,
  TelephonyModule,
  CallsModule,
  PaymentsModule, CreditNotesModule, FinancialStatementsModule, InvoicesModule,
  CallingCardsModule,
];
