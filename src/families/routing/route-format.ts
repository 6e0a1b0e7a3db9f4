import { formatAmount } from '../../billing/money';
import { RouteResult } from './route.service';

/** The route query as an operator reads it: why a call would go where it goes. */
export function formatRoute(r: RouteResult): string {
  const lines = [
    `user ${r.user.username} (#${r.user.id}), device location ${r.locationId}`,
    `dialled ${r.dialed} → localized ${r.localized}` + (r.locationRule ? ` by rule "${r.locationRule.name}" (#${r.locationRule.id}, location ${r.locationRule.locationId})` : ' (no location rule)'),
    r.lcr ? `LCR ${r.lcr.name} (#${r.lcr.id}), order ${r.lcr.order}; tariff ${r.tariffId ?? '-'}` : 'no LCR: the call cannot be routed',
  ];
  r.routes.forEach((s, i) => {
    const rule = s.providerRule ? `, rule "${s.providerRule}"` : '';
    lines.push(`${i + 1}. ${s.providerName} (#${s.providerId})${s.failover ? ' [failover]' : ''}: send ${s.number}, ${formatAmount(s.price, 6)}/min on tariff ${s.tariffId}${rule}`);
  });
  for (const s of r.skipped) lines.push(`   skipped provider #${s.providerId}: ${s.reason}`);
  return lines.join('\n');
}
