import { Decimal } from './money';

/** MOR's monitoring types: 1 "Increases more than", 2 "Drops below than". */
export type MonitoringType = 1 | 2;

/** Whether a user's call spending over the period trips a monitoring: strictly above, or strictly below. */
export function monitoringTripped(mtype: MonitoringType, spent: Decimal, amount: Decimal): boolean {
  return mtype === 1 ? spent.greaterThan(amount) : spent.lessThan(amount);
}

export type MonitoringUsers = 'all' | 'postpaid' | 'prepaid' | 'user';

/** Whether a user falls under a monitoring's target. */
export function monitoringCovers(target: MonitoringUsers, targetUserId: number, user: { id: number; postpaid: number }): boolean {
  switch (target) {
    case 'postpaid':
      return user.postpaid === 1;
    case 'prepaid':
      return user.postpaid !== 1;
    case 'user':
      return user.id === targetUserId;
    default:
      return true;
  }
}
