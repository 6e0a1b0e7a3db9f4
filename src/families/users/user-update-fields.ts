/**
 * user_details_update's params and the user columns they set. `kind` says how a value is
 * checked and stored. The order is MOR's hash order (after user_id).
 */
export type FieldKind = 'string' | 'int' | 'id' | 'flag' | 'decimal' | 'password' | 'text';

export interface UpdateField {
  param: string;
  column: string;
  kind: FieldKind;
  max?: number;
}

const f = (param: string, column: string, kind: FieldKind, max?: number): UpdateField => ({ param, column, kind, max });

export const UPDATE_FIELDS: UpdateField[] = [
  f('u0', 'vat_number', 'string', 100),
  f('u1', 'lcr_id', 'id'),
  f('u2', 'warning_email_hour', 'int'),
  f('u3', 'hide_destination_end', 'int'),
  f('u4', 'currency_id', 'id'),
  f('u5', 'tariff_id', 'id'),
  f('u6', 'warning_email_balance', 'decimal'),
  f('u7', 'spy_device_id', 'id'),
  f('u8', 'language', 'string', 10),
  f('u9', 'username', 'string', 100),
  f('u10', 'warning_balance_call', 'flag'),
  f('u11', 'acc_group_id', 'id'),
  f('u12', 'generate_invoice', 'flag'),
  f('u13', 'usertype', 'string', 20),
  f('u14', 'taxation_country', 'id'),
  f('u15', 'blocked', 'flag'),
  f('u16', 'quickforwards_rule_id', 'id'),
  f('u17', 'last_name', 'string', 255),
  f('u18', 'call_limit', 'int'),
  f('u19', 'clientid', 'string', 100),
  f('u20', 'recording_hdd_quota', 'int'),
  f('u21', 'cyberplat_active', 'flag'),
  f('u22', 'recordings_email', 'string', 255),
  f('u23', 'first_name', 'string', 255),
  f('u24', 'warning_balance_sound_file_id', 'id'),
  f('u25', 'postpaid', 'flag'),
  f('u26', 'accounting_number', 'string', 100),
  f('u27', 'agreement_number', 'string', 100),
  f('u28', 'hidden', 'flag'),
  f('u29', 'pbx_pool_id', 'id'),
  f('u30', 'hide_non_answered_calls', 'flag'),
  f('u31', 'responsible_accountant_id', 'int'),
  f('u32', 'daily_balance_limit', 'decimal'),
  f('u33', 'comment', 'text', 65000),
  f('pswd', 'password', 'password', 255),
  f('user_warning_email_hour', 'warning_email_hour', 'int'),
  f('pgui', 'privacy_gui', 'flag'),
  f('pcsv', 'privacy_csv', 'flag'),
  f('ppdf', 'privacy_pdf', 'flag'),
  f('recording_forced_enabled', 'recording_forced_enabled', 'flag'),
  f('tax4_enabled', 'tax4_enabled', 'flag'),
  f('tax2_enabled', 'tax2_enabled', 'flag'),
  f('block_at_conditional', 'block_at_conditional', 'int'),
  f('tax3_enabled', 'tax3_enabled', 'flag'),
  f('tax1_value', 'tax1_value', 'decimal'),
  f('show_zero_calls', 'show_zero_calls', 'flag'),
  f('warning_email_active', 'warning_email_active', 'flag'),
  f('compound_tax', 'compound_tax', 'flag'),
  f('tax4_name', 'tax4_name', 'string', 100),
  f('allow_loss_calls', 'allow_loss_calls', 'flag'),
  f('tax3_name', 'tax3_name', 'string', 100),
  f('tax2_name', 'tax2_name', 'string', 100),
  f('credit', 'credit', 'decimal'),
  f('tax1_name', 'tax1_name', 'string', 100),
  f('total_tax_name', 'total_tax_name', 'string', 100),
  f('tax2_value', 'tax2_value', 'decimal'),
  f('tax4_value', 'tax4_value', 'decimal'),
  f('ignore_global_monitorings', 'ignore_global_monitorings', 'flag'),
  f('tax3_value', 'tax3_value', 'decimal'),
  f('cyberplat_active', 'cyberplat_active', 'flag'),
];

/** Params that are combined into one column (dates, invoice bits) rather than mapped 1:1. */
export const DATE_PARAMS = { agreement_date: ['ay', 'am', 'ad'], block_at: ['by', 'bm', 'bd'] } as const;
export const INVOICE_BITS: Record<string, number> = { i1: 2, i2: 4, i4: 16 };

/** MOR's documented hash order for user_details_update (the visible part of the wiki list). */
export const UPDATE_HASH_ORDER = [
  'user_id',
  ...UPDATE_FIELDS.slice(0, 34).map((x) => x.param),
  'ay', 'am', 'ad', 'by', 'bm', 'bd', 'pswd', 'user_warning_email_hour', 'pgui', 'pcsv', 'ppdf',
  'recording_forced_enabled', 'i4', 'tax4_enabled', 'tax2_enabled', 'accountant_type_invalid', 'block_at_conditional',
  'tax3_enabled', 'accountant_type', 'tax1_value', 'show_zero_calls', 'warning_email_active', 'compound_tax', 'tax4_name',
  'allow_loss_calls', 'tax3_name', 'tax2_name', 'credit', 'tax1_name', 'total_tax_name', 'tax2_value', 'tax4_value',
  'ignore_global_monitorings', 'i1', 'tax3_value', 'cyberplat_active', 'i2',
];
