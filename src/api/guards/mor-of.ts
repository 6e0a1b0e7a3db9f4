import { ExecutionContext } from '@nestjs/common';
import { MorContext, MorRequest } from '../context';

/** The request and what ResolveMethodGuard (the first guard) learned about it. */
export function morOf(context: ExecutionContext): { req: MorRequest; mor: MorContext } {
  const req = context.switchToHttp().getRequest<MorRequest>();
  if (!req.mor) throw new Error('pipeline order: method not resolved');
  return { req, mor: req.mor };
}
