/**
 * MOR's own hash model, copied from its server source (MOR GUI branch x8, `MorApi` and
 * `ApiRequiredParams`; ../shared/mor-api/06-mor-source-facts.md §2.1). Data only: the logic is in
 * hash.ts.
 */

/**
 * The 209 names MOR walks, in this order, for every hashed method not in MOR_METHOD_HASH_LISTS:
 * the value of each one the request carries (normalised, see MOR_HASH_NORMALISE) is appended,
 * then the key. The list keeps MOR's quirks: `user_warning_email_hour` and `pgui` are never
 * collected (a missing comma glues them into one name) and `device_calerid` is a typo, so those
 * three names never add anything.
 */
export const MOR_GLOBAL_HASH_ORDER: readonly string[] = [
  'user_id', 'period_start', 'period_end', 'direction', 'calltype', 'device', 'balance', 'users',
  'block', 'email', 'mtype', 'tariff_id', 'u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9', 'u10', 'u11',
  'u12', 'u13', 'u14', 'u15', 'u16', 'u17', 'u18', 'u19', 'u20', 'u21', 'u22', 'u23', 'u24', 'u25', 'u26', 'u27',
  'u28', 'ay', 'am', 'ad', 'by', 'bm', 'bd', 'pswd', 'user_warning_email_hour', 'pgui', 'pcsv', 'ppdf',
  'recording_forced_enabled', 'i4', 'tax4_enabled', 'tax2_enabled', 'accountant_type_invalid',
  'block_at_conditional', 'tax3_enabled', 'accountant_type', 'tax1_value', 'show_zero_calls',
  'warning_email_active', 'compound_tax', 'tax4_name', 'allow_loss_calls', 'tax3_name', 'tax2_name', 'credit',
  'tax1_name', 'total_tax_name', 'tax2_value', 'tax4_value', 'i1', 'tax3_value', 'cyberplat_active', 'i2', 'i3',
  'recording_enabled', 'email_warning_sent_test', 'own_providers', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7',
  'a8', 'a9', 's_user', 's_call_type', 's_device', 's_provider', 's_hgc', 's_did', 's_destination', 'order_by',
  'order_desc', 'only_did', 'description', 'pin', 'type', 'devicegroup_id', 'phonebook_id', 'number', 'name',
  'speeddial', 's_user_id', 's_from', 'provider_id', 's_till', 's_transaction', 's_completed', 's_username',
  's_first_name', 's_last_name', 's_paymenttype', 's_amount_max', 's_currency', 's_number', 's_pin', 'p_currency',
  'paymenttype', 'tax_in_amount', 'amount', 'transaction', 'payer_email', 'fee', 'id', 'quantity', 'callerid',
  'cardgroup_id', 'status', 'date_from', 'date_till', 's_reseller_did', 's_did_pattern', 'lcr_id', 'dst', 'src',
  'message', 'server_ip', 'device_type', 'device_username', 'device_password', 'login_url', 'login_username',
  'username', 'first_name', 'last_name', 'full_name', 'nice_balance', 'warning_email_balance',
  'nice_warning_email_balance', 'currency', 'user_email', 'company_email', 'company', 'primary_device_pin',
  'login_password', 'user_ip', 'date', 'auth_code', 'transaction_id', 'customer_name', 'company_name', 'url',
  'trans_id', 'cc_purchase_details', 'payment_amount', 'payment_payer_first_name', 'payment_payer_last_name',
  'payment_payer_email', 'payment_seller_email', 'payment_receiver_email', 'payment_date', 'payment_free',
  'payment_currency', 'payment_type', 'payment_fee', 'call_list', 'email_name', 'email_to_user_id', 'caller_id',
  'device_id', 'calldate', 'source', 'destination', 'billsec', 'calls_string', 'did', 'forward_to',
  'callflow_action', 'state', 'forward_to_device', 'external_number', 'did_id', 'device_calerid', 'src_callerid',
  'custom', 'fax_device', 'device_location_id', 'location_id', 'cli_number', 'new_service_name', 'new_service_type', 'service_id',
];

/** Names of the global order MOR never collects, so they never add to the hash. */
export const MOR_NEVER_HASHED: ReadonlySet<string> = new Set(['user_warning_email_hour', 'pgui', 'device_calerid']);

/**
 * How MOR reads a value before hashing it; a value that fails the test is dropped (adds nothing).
 * `int`: digits only, hashed as the integer they spell (`007` → `7`, empty → `0`).
 * A pattern: the raw value, kept only when it matches.
 */
export const MOR_HASH_NORMALISE: Readonly<Record<string, 'int' | RegExp>> = {
  user_id: 'int',
  period_start: 'int',
  period_end: 'int',
  tariff_id: 'int',
  only_did: 'int',
  direction: /^(outgoing|incoming)$/,
  calltype: /^(all|answered|busy|no_answer|failed|missed|missed_inc|missed_inc_all|missed_not_processed_inc)$/,
  device: /^(\d*|all)$/,
  balance: /^[0-9.+-]*$/,
  // Ruby's ^ and $ match at every line: a value with a valid line is kept whole.
  users: /^postpaid$|^prepaid$|^all$|^[0-9,]+$/m,
  block: /true|false/,
  mtype: /^\d*$/,
  s_user: /^\d*$/,
  s_device: /^(\d*|all)$/,
  s_provider: /^(\d*|all)$/,
  s_hgc: /^(\d*|all)$/,
  s_did: /^(\d*|all)$/,
  s_user_id: /^\d*$/,
  s_from: /^\d*$/,
  s_till: /^\d*$/,
};

/** `number` is not hashed for this method (its collection code skips it). */
export const MOR_NUMBER_NOT_HASHED_FOR = 'card_from_group_sell';

/**
 * The methods of MOR's `ApiRequiredParams`: each hashes only these params, raw, in this order
 * (06 §2.1). quickstats_get hashes nothing when `u` is literally `admin`.
 */
export const MOR_METHOD_HASH_LISTS: Readonly<Record<string, readonly string[]>> = {
  subscription_delete: ['subscription_id', 'subscription_delete_action'],
  subscriptions_get: [],
  subscription_update: ['subscription_id'],
  user_sms_service_subscribe: ['user_id', 'sms_tariff_id'],
  voucher_use: ['voucher_number'],
  did_subscription_stop: ['dids_id'],
  calling_card_update: ['card_id'],
  cc_group_create: ['name'],
  calling_cards_get: [],
  cc_groups_get: [],
  calling_cards_create: ['card_group_id', 'cards_from', 'cards_till'],
  cc_group_update: ['cc_group_id'],
  user_sms_get: [],
  recordings_get: [],
  device_update: ['device', 'authentication', 'username', 'host', 'port'],
  pbx_pool_create: ['name'],
  users_get: ['u', 'p'],
  quickstats_get: ['u'],
};
