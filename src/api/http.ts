import formBody from '@fastify/formbody';
import multipart, { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parse as fastParse } from 'fast-querystring';
import { parse as nodeParse } from 'node:querystring';
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

/** Above this many characters a query string or form body is parsed by Node's querystring (see parseQuery). */
const LONG_QUERY = 4096;

/** A percent-encoded value decoded, or as sent when it does not decode (fast-querystring's rule). */
function decodeOrKeep(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Query strings and form bodies: Fastify's own parser (fast-querystring) for ordinary requests;
 * a long one through Node's querystring with the native decoder, which decodes percent-escapes
 * ~4x faster (a 240 kB value: 3 ms instead of 12 ms) but costs more per call on short ones.
 * Both give the same params: repeated names as arrays, '+' as space, an undecodable value as sent.
 */
export function parseQuery(text: string): Record<string, unknown> {
  return text.length > LONG_QUERY ? nodeParse(text, '&', '=', { maxKeys: 0, decodeURIComponent: decodeOrKeep }) : fastParse(text);
}

/** The path without a method: the method is then the `action` param (04 §0.1). */
const BARE_PATH = /^(?:\/billing)?\/api\/?(?=\?|$)/;

/** MOR's paths: /billing/api/<method>; /api/<method> is the same thing; /billing/api/ and /api/ go to /billing/api. */
export function rewriteUrl(req: { url?: string }): string {
  const url = req.url ?? '/';
  if (BARE_PATH.test(url)) return url.replace(BARE_PATH, '/billing/api');
  return url.startsWith('/api/') ? `/billing${url}` : url;
}

/** An uploaded file's content as a Buffer that also carries the name the client gave it (see uploadedFileName). */
async function keepFileName(part: MultipartFile): Promise<void> {
  const content = await part.toBuffer();
  (part as MultipartFile & { value: Buffer }).value = Object.assign(content, { fileName: part.filename });
}

/** The name a multipart upload was sent with ('' when unknown). */
export function uploadedFileName(file: Buffer): string {
  return (file as Buffer & { fileName?: string }).fileName ?? '';
}

/**
 * Body parsing that never fails a request on its own: broken JSON is flagged and answered by
 * the pipeline in the method's envelope; unknown content types are read as form data.
 */
export async function configureHttp(fastify: FastifyInstance): Promise<void> {
  // A multipart body without a boundary cannot be split (the multipart parser throws): it is
  // flagged and its bytes ignored, so the pipeline answers it in the method's envelope.
  fastify.addHook('onRequest', (req: FastifyRequest, _reply: FastifyReply, done: () => void) => {
    const type = req.headers['content-type'];
    if (type && /^multipart\//i.test(type) && !/;\s*boundary=/i.test(type)) {
      (req as MorRequest).bodyParseError = true;
      req.headers['content-type'] = 'application/octet-stream';
    }
    done();
  });
  await fastify.register(formBody, { parser: parseQuery });
  await fastify.register(multipart, { attachFieldsToBody: 'keyValues', onFile: keepFileName, limits: { fileSize: BODY_LIMIT, fieldSize: 1024 * 1024 } });
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
 * Graceful close (with `return503OnClosing: false`): once closing starts, the listening socket is
 * closed (new connections are refused) and requests already on an open connection are served in
 * full; their replies say `Connection: close`, so keep-alive clients let go and the close completes.
 * The database is closed only after that (Nest closes the HTTP server before its shutdown hooks).
 */
export function closeGracefully(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onRequest', (_req, reply, done) => {
    if (closing) void reply.header('connection', 'close');
    done();
  });
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
