/**
 * Message bodies are text. A URL becomes a real link only when its host is on the embedding
 * page's allow-list and its scheme is http(s); everything else stays inert text.
 */

/** A piece of a message body: plain text, or a link that passed the allow-list. */
export type Segment = string | { href: string; text: string };

const URL_LIKE = /\bhttps?:\/\/[^\s<>"'`]+/giu;
const TRAILING = /[.,;:!?)\]}'"»…]+$/u;

/** Parse `allowed-link-hosts` ("intranet.example.com *.example.org") into a matcher. */
export function hostMatcher(list: string | undefined): (host: string) => boolean {
  const exact = new Set<string>();
  const suffixes: string[] = [];
  for (const entry of (list ?? '').toLowerCase().split(/\s+/u)) {
    if (!entry) continue;
    if (entry.startsWith('*.')) suffixes.push(entry.slice(1));
    else exact.add(entry);
  }
  return (host) => exact.has(host) || suffixes.some((s) => host.endsWith(s) && host.length > s.length);
}

function allowedHref(text: string, allowed: (host: string) => boolean): string | undefined {
  try {
    const url = new URL(text);
    if ((url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && allowed(url.hostname.toLowerCase()))
      return url.href;
  } catch {
    // not a URL after all: stays text
  }
  return undefined;
}

/** Split a body into text and allowed links. */
export function segments(body: string, allowed: (host: string) => boolean): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const match of body.matchAll(URL_LIKE)) {
    const text = match[0].replace(TRAILING, '');
    const href = text && allowedHref(text, allowed);
    if (!href) continue;
    const start = match.index ?? 0;
    if (start > last) out.push(body.slice(last, start));
    out.push({ href, text });
    last = start + text.length;
  }
  if (last < body.length) out.push(body.slice(last));
  return out;
}
