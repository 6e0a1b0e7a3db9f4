import { getMetadataStorage } from 'class-validator';
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MorMethodOptions } from '../api/mor-method.decorator';
import type { MorRegistry } from '../api/registry.service';

export interface ParamDoc {
  name: string;
  /** Position in the documented hash order (1-based), when the param is hashed. */
  hashPosition?: number;
  required: boolean;
  /** MOR's error texts for a bad value, from the method's input rules. */
  errors: string[];
}

export interface MethodDoc {
  name: string;
  aliases: string[];
  family: string;
  summary: string;
  hash: string[];
  hashAlso: string[][];
  access: string;
  roles: string[];
  postOnly: boolean;
  identify: string;
  errorEnvelope: string;
  params: ParamDoc[];
  /** The texts the method answers besides its params' own (role refusal, pipeline refusals). */
  errors: string[];
}

const PIPELINE_ERRORS = ['API Requests are disabled', 'Incorrect hash', 'Access Denied'];

/** How a method is called, for the explorer: everything from its @MorMethod declaration and input rules. */
export function describeMethod(m: MorMethodOptions): MethodDoc {
  const identify = m.identify ?? 'user';
  const rules = m.input ? getMetadataStorage().getTargetValidationMetadatas(m.input, '', true, false) : [];
  const storage = getMetadataStorage();
  const names = [...(identify === 'owner-uniquehash' ? ['id'] : ['u']), ...(identify === 'login' || identify === 'password-or-uniquehash' ? ['p'] : []), ...m.hash, ...rules.map((r) => r.propertyName)];
  const params = [...new Set(names)].map((name): ParamDoc => {
    const own = rules.filter((r) => r.propertyName === name);
    const required = name === 'u' ? identify !== 'login' : own.some((r) => storage.getTargetValidatorConstraints(r.constraintCls).some((c) => c.name === 'morRequired'));
    const position = m.hash.indexOf(name);
    return { name, ...(position >= 0 ? { hashPosition: position + 1 } : {}), required, errors: [...new Set(own.map((r) => String(r.message)))] };
  });
  return {
    name: m.name, aliases: m.aliases ?? [], family: m.family, summary: m.summary, hash: m.hash, hashAlso: m.hashAlso ?? [], access: m.permissionExempt ? 'exempt' : m.access,
    roles: m.roles, postOnly: m.postOnly === true, identify, errorEnvelope: m.errorEnvelope ?? 'page', params,
    errors: m.uniformError ? [m.uniformError] : [...PIPELINE_ERRORS, m.roleError ?? 'You are not authorized to view this page'],
  };
}

const DIR = join(__dirname, '..', '..', 'public', 'explorer');
const FILES: [route: string, file: string, type: string][] = [
  ['/explorer', 'index.html', 'text/html; charset=utf-8'],
  ['/explorer/explorer.js', 'explorer.js', 'text/javascript; charset=utf-8'],
  ['/explorer/sha1.js', 'sha1.js', 'text/javascript; charset=utf-8'],
  ['/explorer/explorer.css', 'explorer.css', 'text/css; charset=utf-8'],
];

/** The page talks only to this server; it runs no inline script and cannot be framed. */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The API explorer (API_EXPLORER=on): static page files read once, and the method list. */
export function installExplorer(fastify: FastifyInstance, registry: () => MorRegistry): void {
  for (const [route, file, type] of FILES) {
    const body = readFileSync(join(DIR, file));
    fastify.get(route, async (_req, reply) => reply.type(type).header('content-security-policy', CSP).header('x-content-type-options', 'nosniff').send(body));
  }
  let methods: MethodDoc[] | undefined;
  fastify.get('/explorer/methods.json', async () => ({ methods: (methods ??= registry().methods().map(describeMethod)) }));
}
