import { INestApplicationContext } from '@nestjs/common';
import { formatRoute } from './route-format';
import { RouteError, RouteService } from './route.service';

export interface RouteCommandOptions {
  callerId?: string;
  device?: string;
  at?: string;
  json?: boolean;
}

/** `route <user> <number>`: what the route query answers, as text (or JSON) for an operator. */
export async function routeCommand(app: INestApplicationContext, user: string, number: string, opts: RouteCommandOptions): Promise<string> {
  try {
    const result = await app.get(RouteService).route({
      user, number, callerId: opts.callerId, deviceId: opts.device ? Number(opts.device) : undefined, at: opts.at ? new Date(opts.at) : undefined,
    });
    return opts.json ? JSON.stringify(result, null, 2) : formatRoute(result);
  } catch (e) {
    if (e instanceof RouteError) {
      process.exitCode = 1;
      return e.message;
    }
    throw e;
  }
}
