import { Errors } from '../api/mor-error';

/** The error text of a MOR reply, read from its envelope (see errorDoc), or undefined for a success. */
const ERROR_ENVELOPE =
  /^(?:<\?xml[^>]*\?>\s*)?<(?:page>\s*(?:<status>\s*)?<error>|response>\s*<error>|action>\s*<name>[^<]*<\/name>\s*<status>failed<\/status>\s*<status_message>)([^<]*)</;

/** Pipeline texts get a class of their own; every other MOR refusal is "refused". */
const CLASSES = new Map<string, string>(Object.entries(Errors).map(([key, text]) => [text, key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)]));

export interface Outcome {
  /** ok, internal, not_found, client_error, a pipeline class (incorrect_hash, access_denied...) or refused. */
  outcome: string;
  /** The MOR error text, when there is one. */
  error?: string;
}

/** How a request ended, from its HTTP status and the reply body: a bounded set of label values. */
export function outcomeOf(status: number, body: unknown): Outcome {
  if (status >= 500) return { outcome: 'internal' };
  if (status === 404) return { outcome: 'not_found' };
  if (status >= 400) return { outcome: 'client_error' };
  const match = typeof body === 'string' ? ERROR_ENVELOPE.exec(body.slice(0, 2048)) : null;
  if (!match) return { outcome: 'ok' };
  const error = decodeEntities(match[1]);
  return { outcome: CLASSES.get(error) ?? 'refused', error };
}

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name]!);
}
