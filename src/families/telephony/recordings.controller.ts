import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Params } from '../../api/hash';
import { MorMethod, Role } from '../../api/mor-method.decorator';
import { successDoc } from '../../api/xml';
import { RecordingTexts, RecordingsService } from './recordings.service';

const ALL: Role[] = ['admin', 'reseller', 'accountant', 'user'];

@Controller()
export class RecordingsController {
  constructor(private readonly recordings: RecordingsService) {}

  @MorMethod({
    name: 'recordings_get', family: 'Recordings', summary: 'Call recordings by period, user, device, source, destination or unique id',
    hash: [], access: 'read', roles: ALL, errorEnvelope: 'status',
  })
  async list(_input: Params, ctx: MorContext) {
    return { page: { status: { recordings: { recording: await this.recordings.list(ctx.caller!, ctx.params) } } } };
  }

  @MorMethod({
    name: 'recording_update', family: 'Recordings', summary: "Set a recording's comment",
    hash: ['recording_id'], access: 'write', roles: ALL, errorEnvelope: 'status',
  })
  async update(_input: Params, ctx: MorContext) {
    await this.recordings.updateComment(ctx.caller!, ctx.params);
    return successDoc(RecordingTexts.updated);
  }

  @MorMethod({
    name: 'recordings_delete', family: 'Recordings', summary: 'Delete one recording, or those of a user / device / period, with their files',
    hash: ['recording_id', 's_user_id', 's_device_id', 'date_from', 'date_till'], access: 'write', roles: ALL, errorEnvelope: 'status',
  })
  async delete(_input: Params, ctx: MorContext) {
    const amount = await this.recordings.delete(ctx.caller!, ctx.params);
    return successDoc(RecordingTexts.deleted, { amount: String(amount) });
  }
}
