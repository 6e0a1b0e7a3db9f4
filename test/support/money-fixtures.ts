import type { DataSource } from 'typeorm';
import { insertRows } from '../../src/database/raw';

/** A rated CDR as the calls family writes it (only what invoices read). */
export interface TestCall {
  uniqueid: string;
  user_id: number;
  calldate: string;
  prefix: string;
  destination?: string;
  billsec: number;
  user_price: string;
  reseller_id?: number;
  reseller_price?: string;
  disposition?: string;
}

/** Inserts CDRs straight into `calls`, 500 rows a statement. */
export async function insertCalls(db: DataSource, calls: readonly TestCall[]): Promise<void> {
  for (let i = 0; i < calls.length; i += 500) {
    await insertRows(db.manager, 'calls', calls.slice(i, i + 500).map((c) => ({
      uniqueid: c.uniqueid, user_id: c.user_id, calldate: c.calldate, prefix: c.prefix, destination: c.destination ?? '', duration: c.billsec, billsec: c.billsec,
      user_billsec: c.billsec, user_price: c.user_price, reseller_id: c.reseller_id ?? 0, reseller_price: c.reseller_price ?? '0', disposition: c.disposition ?? 'ANSWERED',
      dst: `${c.prefix}123456`, src: '100',
    })));
  }
}
