import { niceDateTime } from '../../api/page-style';
import { Device } from './device.entity';
import { DeviceCli, DeviceRule } from './device-parts.entity';

type WithSecret = Device & { secret: string };
const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const yesNo = (v: number) => (v ? 'yes' : 'no');

/** devices_get row. MOR lists the secret here. */
export function deviceListRow(d: WithSecret) {
  return {
    device_id: s(d.id), device_type: d.device_type, devicegroup_id: s(d.devicegroup_id), primary_device: yesNo(d.primary_device),
    username: d.name, secret: d.secret, ipaddr: d.ipaddr, port: s(d.port), callerid: d.callerid,
  };
}

/** device_details_get: MOR's flat field list, in its order. */
/** user_devices' `<device>`: MOR's page-style fields; the SIP secret is never printed here. */
export function userDeviceRow(d: Device) {
  return {
    acc: String(d.id), description: d.description, type: d.device_type, extension: d.extension, username: d.name,
    password: '', cid: d.callerid, last_time_registered: niceDateTime(new Date(d.regseconds * 1000)),
  };
}

export function deviceDetailsDoc(d: WithSecret) {
  return {
    page: {
      id: s(d.id), name: d.name, host: d.host, secret: d.secret, context: d.context, ipaddr: d.ipaddr, port: s(d.port),
      regseconds: s(d.regseconds), accountcode: d.accountcode, callerid: d.callerid, extension: d.extension, voicemail_active: '0',
      username: d.name, device_type: d.device_type, user_id: s(d.user_id), primary_did_id: s(d.primary_did_id), works_not_logged: '1',
      forward_to: '0', record: '0', transfer: 'no', disallow: d.disallow, allow: d.allow, deny: '', permit: '', nat: d.nat,
      qualify: d.qualify, fullcontact: d.fullcontact, canreinvite: 'no', devicegroup_id: s(d.devicegroup_id), dtmfmode: d.dtmfmode,
      callgroup: '', pickupgroup: '', fromuser: d.fromuser, fromdomain: d.fromdomain, trustrpid: 'no', sendrpid: d.sendrpid,
      insecure: 'no', progressinband: d.progressinband, videosupport: 'no', description: d.description, istrunk: s(d.istrunk),
      cid_from_dids: s(d.cid_from_dids), pin: d.pin, tell_balance: '0', tell_time: '0', tell_rtime_when_left: '60', repeat_rtime_every: '60',
      allowtransfer: 'no', dynamic: yesNo(d.dynamic), balance: d.balance, device_balance_enabled: s(d.device_balance_enabled),
      codecs: { audio_codecs: d.allow.split(';').filter((c) => c).map((codec) => ({ codec })) },
    },
  };
}

const stamp = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' +0000') : '');

/** device_clis_get: one `<status>` block per CLI (D-8). */
export function cliXml(c: DeviceCli, device: Device) {
  return {
    cli_id: s(c.id), cli_cli: c.cli, cli_domain: s(c.domain), cli_device: `${device.device_type}/${device.name}`,
    cli_description: c.description, cli_added_at: stamp(c.added_at), cli_updated_at: stamp(c.updated_at), cli_comment: s(c.comment),
    cli_email_callback: s(c.email_callback), cli_banned: s(c.banned),
  };
}

export function ruleXml(r: DeviceRule) {
  return {
    id: s(r.id), device_id: s(r.device_id), name: r.name, enabled: s(r.enabled), cut: r.cut, add: r.add, minlen: s(r.minlen),
    maxlen: s(r.maxlen), pr_type: r.pr_type, change_callerid_name: s(r.change_callerid_name), devicerulegroup_id: s(r.devicerulegroup_id),
  };
}
