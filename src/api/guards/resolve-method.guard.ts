import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { MorRequest } from '../context';
import { Errors, MorError } from '../mor-error';
import { mergeParams } from '../params';
import { MorRegistry } from '../registry.service';

/** 0. The method (or alias) exists; params are merged from query and body. */
@Injectable()
export class ResolveMethodGuard implements CanActivate {
  constructor(private readonly registry: MorRegistry) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<MorRequest>();
    const calledAs = (req.params as { method?: string }).method ?? '';
    const found = this.registry.find(calledAs);
    if (!found) throw new MorError(Errors.unknownMethod);
    const { params, files } = mergeParams(req.query, req.body);
    req.mor = { method: found.options, calledAs, params, files, verb: req.method, ip: req.ip, caller: null };
    if (req.bodyParseError) throw new MorError(Errors.badRequestBody);
    return true;
  }
}
