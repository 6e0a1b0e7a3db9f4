import { Injectable } from '@nestjs/common';
import { BlockerRegistry } from '../../api/blocker-registry';

/** What keeps a device from being deleted (DIDs routed to it, call flows forwarding to it...). */
@Injectable()
export class DeviceDeletionBlockers extends BlockerRegistry {}
