import formBody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parse as parseQuery } from 'node:querystring';
import { MorRequest } from './context';

/** Upper bound for a request body (tariff imports upload CSV files through the API). */
export const BODY_LIMIT = 64 * 1024 * 1024;

/** MOR's paths: /billing/api/<method>; /api/<method> is the same thing. */
export function rewriteUrl(req: { url?: string }): string {
  const url = req.url ?? '/';
  return url.startsWith('/api/') ? `/billing${url}` : url;
}

/**
 * Body parsing that never fails a request on its own: broken JSON is flagged and answered by
 * the pipeline in the method's envelope; unknown content types are read as form data.
 */
export async function configureHttp(fastify: FastifyInstance): Promise<void> {
  await fastify.register(formBody);
  await fastify.register(multipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: BODY_LIMIT, fieldSize: 1024 * 1024 } });
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (req: FastifyRequest, body: string | Buffer, done) => {
    const text = body.toString();
    if (text.trim() === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      (req as MorRequest).bodyParseError = true;
      done(null, {});
    }
  });
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser('*', { parseAs: 'string' }, (_req, body: string | Buffer, done) => done(null, parseQuery(body.toString())));
}
