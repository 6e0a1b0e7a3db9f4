import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Errors, MorError } from '../mor-error';
import { mergeParams } from '../params';
import { MorRegistry } from '../registry.service';
import { requestOf } from './mor-of';

/** 0. The method (or alias) named by the path or the `action` param exists; params are merged from query and body. */
@Injectable()
export class ResolveMethodGuard implements CanActivate {
  constructor(private readonly registry: MorRegistry) {}

  canActivate(context: ExecutionContext): boolean {
    const req = requestOf(context);
    const { method, arg } = req.params as { method?: string; arg?: string };
    const { params, files } = mergeParams(req.query, req.body);
    const calledAs = method ?? params.action ?? '';
    const found = this.registry.find(calledAs);
    if (!found || (arg !== undefined && !found.options.pathParam)) throw new MorError(Errors.unknownMethod);
    if (arg !== undefined) params[found.options.pathParam!] = arg;
    req.mor = { method: found.options, calledAs, params, files, verb: req.method, ip: req.ip, caller: null };
    if (req.bodyParseError) throw new MorError(Errors.badRequestBody);
    return true;
  }
}
