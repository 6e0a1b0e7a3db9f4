import type { FastifyRequest } from 'fastify';
import type { Params } from './hash';
import type { MorMethodOptions } from './mor-method.decorator';
import type { Caller } from './caller';

/** Everything the pipeline learned about a request, handed to the handler. */
export interface MorContext {
  method: MorMethodOptions;
  /** The name the client called (may be an alias). */
  calledAs: string;
  params: Params;
  /** Uploaded files of a multipart body, by field name. */
  files: Record<string, Buffer>;
  verb: string;
  ip: string;
  /** Set by the caller guard; null only for methods that identify no caller. */
  caller: Caller | null;
  /** A caller proof to run once the hash has been checked (users_get's password or uniquehash). */
  proveCaller?: () => Promise<void>;
}

export type MorRequest = FastifyRequest & { mor?: MorContext; bodyParseError?: boolean };
