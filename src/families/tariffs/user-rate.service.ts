import { Injectable } from '@nestjs/common';
import { selectBand } from '../../billing/bands';
import { Decimal } from '../../billing/money';
import type { RateDetail } from '../../billing/pricing';
import { User } from '../users/user.entity';
import { RateLookupService, callStartOf } from './rate-lookup.service';
import { Tariff, isRetail } from './tariff.entity';
import { formatRate } from './tariff-xml';

/** What rate_get prints: `rate#destination#prefix`. */
export interface UserRate {
  rate: Decimal;
  destination: string;
  prefix: string;
}

/**
 * The rate a user pays for a destination (rate_get): its custom rate for the destination's group
 * first, then its tariff (retail: the group's rate; wholesale: the prefix's rate). `fullNumber`
 * matches the longest prefix; otherwise the prefix must exist exactly (§B.2).
 */
@Injectable()
export class UserRateService {
  constructor(private readonly lookup: RateLookupService) {}

  async rateFor(user: Pick<User, 'id'>, tariff: Tariff | null, prefix: string, fullNumber: boolean, at = new Date()): Promise<UserRate | null> {
    const destination = await this.lookup.destinationOf(prefix, !fullNumber);
    if (destination?.destinationgroup_id != null) {
      const wholesaleTariffId = tariff && isRetail(tariff) ? tariff.id : null;
      const retail = await this.lookup.retailRate(wholesaleTariffId, user.id, destination.destinationgroup_id);
      const rate = retail && rateInForce(retail.details, at);
      if (rate) return { rate, destination: destination.name, prefix: destination.prefix };
    }
    if (!tariff || isRetail(tariff)) return null;
    const match = fullNumber ? await this.lookup.wholesaleRate(tariff.id, prefix, at) : await this.lookup.wholesaleRateExact(tariff.id, prefix, at);
    const rate = match && rateInForce(match.details, at);
    if (!match || !rate) return null;
    const named = destination?.prefix === match.prefix ? destination : await this.lookup.destinationOf(match.prefix, true);
    return { rate, destination: named?.name ?? '', prefix: match.prefix };
  }
}

/** The per-minute rate of the band in force now; of retail intervals, the first one's. */
function rateInForce(details: readonly RateDetail[], at: Date): Decimal | null {
  const band = selectBand(details, callStartOf(at));
  const first = [...band].sort((a, b) => (a.kind === 'retail' && b.kind === 'retail' ? a.from - b.from : 0))[0];
  if (!first) return null;
  return first.kind === 'retail' ? first.rate : first.ratePerMinute;
}

export const formatUserRate = (r: UserRate): string => `${formatRate(r.rate.toString())}#${r.destination}#${r.prefix}`;
