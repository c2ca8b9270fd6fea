/**
 * XEP-0202 — Entity Time, answering side: tells contacts allowed to see our presence (and our
 * own other devices) our local time, so their badges can show it. Others get `forbidden`.
 */
import { xml, type Element } from './xml.js';
import { PresenceError } from './errors.js';
import { tryBareJid } from './jid.js';
import { NS_TIME } from './namespaces.js';

/** `+01:00` style offset of this machine's local time. */
export function localTzo(date = new Date()): string {
  const offset = -date.getTimezoneOffset();
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${offset < 0 ? '-' : '+'}${hh}:${mm}`;
}

/**
 * The answer to a XEP-0202 request `iq` (compose.ts loads this module on the first one): our time for our own
 * account and for `jid`s that `mayAsk` (they may see our presence); `forbidden` for anyone else.
 */
export function answerTime(iq: Element, ownJid: string, mayAsk: (jid: string) => boolean): Element {
  const from = iq.attrs.from === undefined ? ownJid : tryBareJid(iq.attrs.from);
  if (from !== ownJid && !(from && mayAsk(from))) {
    throw new PresenceError('stanza-error', 'Not allowed to ask our time', { condition: 'forbidden' });
  }
  const now = new Date();
  return xml('time', { xmlns: NS_TIME }, xml('tzo', {}, localTzo(now)), xml('utc', {}, now.toISOString().replace(/\.\d+Z$/, 'Z')));
}
