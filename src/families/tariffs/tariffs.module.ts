import { Module } from '@nestjs/common';
import { PageRatesController } from './page-rates.controller';
import { PageRatesService } from './page-rates.service';
import { ReferenceDataService } from './reference-data.service';
import { RateLookupService } from './rate-lookup.service';
import { RetailImportService } from './retail-import.service';
import { TariffAccessService } from './tariff-access.service';
import { TariffAdminService } from './tariff-admin.service';
import { TariffCsvService } from './tariff-csv.service';
import { TariffRatesService } from './tariff-rates.service';
import { TariffsController } from './tariffs.controller';
import { UserRateService } from './user-rate.service';

/** Tariffs, rates, destinations and currencies; exports rate lookup for routing and billing. */
@Module({
  controllers: [TariffsController, PageRatesController],
  providers: [ReferenceDataService, RateLookupService, TariffAccessService, TariffRatesService, UserRateService, RetailImportService, TariffAdminService, TariffCsvService, PageRatesService],
  exports: [ReferenceDataService, RateLookupService, TariffAccessService, TariffCsvService],
})
export class TariffsModule {}
