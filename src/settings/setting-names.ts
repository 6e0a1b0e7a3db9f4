/** Names of the settings rows (conflines) the server reads. Owner 0 is the admin. */
export const Setting = {
  allowApi: 'allow_api',
  allowGetApi: 'allow_get_api',
  apiSecretKey: 'api_secret_key',
  disableHashChecking: 'disable_hash_checking',
  /** Beyond MOR: this signer's requests carry an HMAC signature instead of MOR's hash (docs/signed-requests.md). */
  signedRequests: 'api_signed_requests',
  restrictApiByIp: 'restrict_api_by_ip',
  allowResellersAdminTariffs: 'allow_resellers_admin_tariffs',
  allowDevicesCheckRate: 'allow_devices_check_rate',
  showRatesForUsers: 'show_rates_for_users',
  allowRegistration: 'api_allow_registration',
  allowLoginByEmail: 'allow_login_by_email',
  defaultCurrency: 'default_currency',
  guiVersion: 'gui_version',
  serverIp: 'server_ip',
  registrationNotice: 'registration_notice',
  /** Addons (MOR sells them separately); '0' switches one off, anything else (or no row) leaves it on. */
  callbackAddon: 'callback_addon_active',
  autodialerAddon: 'autodialer_addon_active',
  monitoringsAddon: 'monitorings_addon_active',
  /** Spy (ChanSpy) within the Monitorings addon; '0' answers `Chanspy is disabled`. */
  chanspyEnabled: 'chanspy_enabled',
  /** How long a callback rings leg A, in seconds (the Callback addon's wait time; default 30). */
  callbackWaitTime: 'callback_wait_time',
  morphoneServerIp: 'morphone_server_ip',
  morphoneServerPort: 'morphone_server_port',
  morphoneDidNumber: 'morphone_did_number',
  /** "Balance via API": user_balance_get answers (else Feature disabled). */
  balanceViaApi: 'balance_via_api',
  /** "Allow devices to check balance over HTTP": balance by device username / password / uniquehash. */
  allowDevicesCheckBalance: 'allow_devices_check_balance',
  /** MOR's "API allow Payments": payment_create refuses with `Payments not allow from api` while off. */
  apiAllowPayments: 'api_allow_payments',
  /** MOR's "API Payment Confirmation": API payments wait for the admin and do not move the balance. */
  apiPaymentConfirmation: 'api_payment_confirmation',
  invoiceNumberPrefix: 'invoice_number_prefix',
  invoiceAllowRecalculateAfterSend: 'invoice_allow_recalculate_after_send',
  /** The server generates last month's invoices on the 1st of each month (one process claims the run). */
  invoicesMonthlyRun: 'invoices_monthly_run',
  vouchersEnabled: 'vouchers_enabled',
} as const;
export type SettingName = (typeof Setting)[keyof typeof Setting] | `default_user_${string}` | `default_device_${string}` | `email_${string}`;

/** The settings that are 0/1 switches. */
export const FLAG_SETTINGS: ReadonlySet<string> = new Set([
  Setting.allowApi, Setting.allowGetApi, Setting.disableHashChecking, Setting.signedRequests, Setting.restrictApiByIp, Setting.allowResellersAdminTariffs,
  Setting.allowDevicesCheckRate, Setting.showRatesForUsers, Setting.allowRegistration, Setting.allowLoginByEmail,
]);

/** Whether `name` is a setting some method reads (so the operator may set it): the named ones and the Default User / Device templates. */
export function isKnownSetting(name: string): boolean {
  return (Object.values(Setting) as string[]).includes(name) || /^default_(user|device)_[a-z0-9_]+$/.test(name);
}

/** Defaults written on the first start of an empty database. */
export const FIRST_START_SETTINGS: Record<string, string> = {
  [Setting.allowApi]: '1',
  [Setting.allowGetApi]: '0',
  [Setting.disableHashChecking]: '0',
  [Setting.restrictApiByIp]: '0',
  [Setting.allowResellersAdminTariffs]: '0',
  [Setting.allowDevicesCheckRate]: '0',
  [Setting.showRatesForUsers]: '0',
  [Setting.allowRegistration]: '0',
  [Setting.allowLoginByEmail]: '0',
  [Setting.defaultCurrency]: 'USD',
  [Setting.balanceViaApi]: '0',
  [Setting.allowDevicesCheckBalance]: '0',
  [Setting.apiAllowPayments]: '0',
  [Setting.apiPaymentConfirmation]: '0',
  [Setting.invoiceNumberPrefix]: 'INV',
  [Setting.invoiceAllowRecalculateAfterSend]: '0',
  [Setting.invoicesMonthlyRun]: '0',
  [Setting.vouchersEnabled]: '1',
  default_user_password_length: '8',
  default_user_credit: '0',
  default_user_balance: '0',
  default_user_postpaid: '0',
  default_user_allow_loss_calls: '0',
  default_user_call_limit: '0',
  default_user_time_zone: 'UTC',
  default_user_currency: 'USD',
  default_user_recording_enabled: '0',
  default_user_recording_forced_enabled: '0',
  default_device_call_limit: '0',
  default_device_canreinvite: 'no',
  default_device_nat: 'yes',
  default_device_qualify: '2000',
  default_device_grace_time: '0',
  default_device_audio_codecs: 'alaw,ulaw,g729',
  default_device_video_codecs: '',
  default_device_location_id: '1',
};
