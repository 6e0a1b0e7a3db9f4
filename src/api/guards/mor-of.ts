import { ExecutionContext } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { MorContext, MorRequest } from '../context';

/*
 * The HTTP request and reply are the handler's first two arguments. Read with getArgByIndex:
 * switchToHttp() assigns three new closures onto the context at every call, and the guards and
 * the interceptor run on every request.
 */

/** The request being served. */
export const requestOf = (context: ExecutionContext): MorRequest => context.getArgByIndex<MorRequest>(0);

/** The reply being built. */
export const replyOf = (context: ExecutionContext): FastifyReply => context.getArgByIndex<FastifyReply>(1);

/** The request and what ResolveMethodGuard (the first guard) learned about it. */
export function morOf(context: ExecutionContext): { req: MorRequest; mor: MorContext } {
  const req = requestOf(context);
  if (!req.mor) throw new Error('pipeline order: method not resolved');
  return { req, mor: req.mor };
}
