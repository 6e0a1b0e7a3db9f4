/**
 * The HTTP client for SMS providers of the API type: the provider's URL template is filled with
 * the message (`<%= dst %>`, `<%= src %>`, `<%= message %>`, URL-encoded) and requested; the reply
 * counts as sent when it holds one of the provider's "good keywords" (MOR's rule).
 */
export interface SmsProviderEndpoint {
  apiUrl: string;
  goodKeywords: string[];
  timeoutSeconds: number;
}

export type GatewayReply =
  | { kind: 'sent'; body: string; messageId: string }
  | { kind: 'rejected'; body: string }
  | { kind: 'unreachable'; detail: string };

const PLACEHOLDER = /<%=\s*(dst|src|message)\s*%>/g;

export function fillUrl(template: string, sms: { dst: string; src: string; message: string }): string {
  return template.replace(PLACEHOLDER, (_all, name: 'dst' | 'src' | 'message') => encodeURIComponent(sms[name]));
}

/** Keywords as stored: one per line or comma-separated. */
export function parseKeywords(text: string | null): string[] {
  return (text ?? '').split(/[\n,]/).map((k) => k.trim()).filter(Boolean);
}

/** A provider's message id, when the reply carries one as `id:<x>` or `ID: <x>`. */
function messageIdOf(body: string): string {
  return /\bid:\s*([\w-]+)/i.exec(body)?.[1] ?? '';
}

export async function sendThroughProvider(endpoint: SmsProviderEndpoint, sms: { dst: string; src: string; message: string }): Promise<GatewayReply> {
  let body: string;
  try {
    const response = await fetch(fillUrl(endpoint.apiUrl, sms), { signal: AbortSignal.timeout(endpoint.timeoutSeconds * 1000) });
    body = (await response.text()).slice(0, 4000);
    if (response.status >= 500) return { kind: 'unreachable', detail: `HTTP ${response.status}` };
  } catch (error) {
    return { kind: 'unreachable', detail: error instanceof Error ? error.message : String(error) };
  }
  const sent = endpoint.goodKeywords.some((keyword) => body.includes(keyword));
  return sent ? { kind: 'sent', body, messageId: messageIdOf(body) } : { kind: 'rejected', body };
}
