import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An Asterisk server and its manager interface. `ami_secret` is never selected unless asked for. */
@Entity('servers')
export class Server {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: '' }) hostname: string;
  @Column({ default: '' }) server_ip: string;
  @Column({ default: 5060 }) port: number;
  @Column({ default: 5038 }) ami_port: number;
  @Column({ default: '' }) ami_username: string;
  @Column({ select: false, default: '' }) ami_secret: string;
  @Column({ type: 'smallint', default: 1 }) active: number;
  @Column({ default: '' }) comment: string;
}

/** Asterisk's queue log, one row per queue event (filled by the switch, or imported from its queue_log file). */
@Entity('queue_log')
export class QueueLogEntry {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'datetime' }) time: Date;
  @Column({ default: '' }) callid: string;
  @Column({ default: '' }) queuename: string;
  @Column({ default: '' }) agent: string;
  @Column({ default: '' }) event: string;
  @Column({ default: '' }) data1: string;
  @Column({ default: '' }) data2: string;
  @Column({ default: '' }) data3: string;
  @Column({ default: '' }) data4: string;
  @Column({ default: '' }) data5: string;
  /** SHA1 of the imported line: importing a file twice adds nothing. */
  @Column({ type: 'varchar', nullable: true }) import_key: string | null;
}

@Entity('ivr_voices')
export class IvrVoice {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: '' }) voice: string;
  @Column({ default: '' }) description: string;
}

@Entity('ivrs')
export class Ivr {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: '' }) name: string;
  @Column({ default: 0 }) user_id: number;
}

/** When an IVR dial plan's slot applies: hour/minute bounds, optional weekday, day and month bounds ('' / 0: any). */
@Entity('ivr_time_periods')
export class IvrTimePeriod {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: '' }) name: string;
  @Column({ default: 0 }) user_id: number;
  @Column({ default: 0 }) start_hour: number;
  @Column({ default: 23 }) end_hour: number;
  @Column({ default: 0 }) start_minute: number;
  @Column({ default: 59 }) end_minute: number;
  @Column({ default: '' }) start_weekday: string;
  @Column({ default: '' }) end_weekday: string;
  @Column({ default: 0 }) start_day: number;
  @Column({ default: 0 }) end_day: number;
  @Column({ default: 0 }) start_month: number;
  @Column({ default: 0 }) end_month: number;
}

/** An IVR dial plan: up to three (time period, IVR) slots. */
@Entity('ivr_dial_plans')
export class IvrDialPlan {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: '' }) name: string;
  @Column({ default: 0 }) user_id: number;
  @Column({ type: 'int', nullable: true }) time_period1_id: number | null;
  @Column({ type: 'int', nullable: true }) ivr1_id: number | null;
  @Column({ type: 'int', nullable: true }) time_period2_id: number | null;
  @Column({ type: 'int', nullable: true }) ivr2_id: number | null;
  @Column({ type: 'int', nullable: true }) time_period3_id: number | null;
  @Column({ type: 'int', nullable: true }) ivr3_id: number | null;
}

/** A call recording; `file` is relative to the recordings directory. */
@Entity('recordings')
export class Recording {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: 0 }) user_id: number;
  @Column({ default: 0 }) dst_user_id: number;
  @Column({ default: 0 }) src_device_id: number;
  @Column({ default: 0 }) dst_device_id: number;
  @Column({ type: 'datetime' }) datetime: Date;
  @Column({ default: '' }) comment: string;
  @Column({ default: 0 }) duration: number;
  @Column({ default: '' }) source: string;
  @Column({ default: '' }) destination: string;
  @Column({ type: 'bigint', default: 0 }) size: string;
  @Column({ default: '' }) uniqueid: string;
  @Column({ default: '' }) callback_uniqueid: string;
  @Column({ default: '' }) file: string;
}

export type CampaignStatus = 'enabled' | 'disabled';

/** An autodialer campaign of a simple user; times of day are UTC 'HH:MM:SS', durations seconds. */
@Entity('campaigns')
export class Campaign {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: '' }) name: string;
  @Column({ default: 0 }) user_id: number;
  @Column({ default: 0 }) device_id: number;
  @Column({ default: 'disabled' }) status: CampaignStatus;
  @Column({ default: '00:00:00' }) start_time: string;
  @Column({ default: '23:59:59' }) stop_time: string;
  @Column({ default: 0 }) max_retries: number;
  @Column({ default: 120 }) retry_time: number;
  @Column({ default: 30 }) wait_time: number;
  @Column({ default: '' }) callerid: string;
  @Column({ type: 'smallint', default: 0 }) allow_duplicates: number;
  @Column({ type: 'datetime', nullable: true }) created_at: Date | null;
}

@Entity('adactions')
export class CampaignAction {
  @PrimaryGeneratedColumn() id: number;
  @Column() campaign_id: number;
  @Column({ default: 1 }) priority: number;
  @Column({ default: '' }) action: string;
  @Column({ default: '' }) data: string;
}

/** A number to dial: new, executing (a call is out), completed (answered) or failed (retried while attempts allow). */
@Entity('adnumbers')
export class CampaignNumber {
  @PrimaryGeneratedColumn() id: number;
  @Column() campaign_id: number;
  @Column({ default: '' }) number: string;
  @Column({ default: 'new' }) status: string;
  @Column({ default: 0 }) attempts: number;
  /** Unix seconds before which it is not dialed again. */
  @Column({ type: 'bigint', default: 0 }) next_attempt_at: string;
  @Column({ type: 'datetime', nullable: true }) executed_time: Date | null;
  @Column({ type: 'datetime', nullable: true }) completed_time: Date | null;
}
