import formBody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parse as parseQuery } from 'node:querystring';
import { MorRequest } from './context';
import { Errors } from './mor-error';
import { errorDoc, renderXml, XML_CONTENT_TYPE } from './xml';

/** Upper bound for a request body (tariff imports upload CSV files through the API). */
export const BODY_LIMIT = 64 * 1024 * 1024;

/** Deepest JSON body read: MOR's params are flat; deeper bodies are refused before parsing. */
export const MAX_JSON_DEPTH = 32;

/** Whether a JSON text nests deeper than `max` (one linear scan, strings skipped). */
export function jsonTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

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
  // A multipart body without a boundary cannot be split (the multipart parser throws): it is
  // flagged and its bytes ignored, so the pipeline answers it in the method's envelope.
  fastify.addHook('onRequest', async (req: FastifyRequest) => {
    const type = req.headers['content-type'];
    if (type && /^multipart\//i.test(type) && !/;\s*boundary=/i.test(type)) {
      (req as MorRequest).bodyParseError = true;
      req.headers['content-type'] = 'application/octet-stream';
    }
  });
  await fastify.register(formBody);
  await fastify.register(multipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: BODY_LIMIT, fieldSize: 1024 * 1024 } });
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (req: FastifyRequest, body: string | Buffer, done) => {
    const text = body.toString();
    if (text.trim() === '') return done(null, {});
    if (jsonTooDeep(text)) {
      (req as MorRequest).bodyParseError = true;
      return done(null, {});
    }
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

/**
 * Errors Fastify raises while routing, before Nest sees the request (its default answer is JSON).
 * A path segment longer than the router allows cannot name a MOR method; a URL that does not
 * decode is unparsable. Both answer as the pipeline does: HTTP 200, `<page><error>`.
 */
export function frameworkErrors(error: { code?: string }, _req: FastifyRequest, reply: FastifyReply): void {
  const text = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? Errors.unknownMethod : 'Request could not be parsed';
  void reply.status(200).type(XML_CONTENT_TYPE).send(renderXml(errorDoc(text)));
}
