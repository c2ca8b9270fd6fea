/**
 * XEP-0202 — Entity Time, answering side: tells contacts allowed to see our presence (and our
 * own other devices) our local time, so their badges can show it. Others get `forbidden`.
 */
import { xml } from './xml.js';
import type { Connection } from './connection/types.js';
import { PresenceError } from './errors.js';
import { tryBareJid } from './jid.js';

/** Dependencies of {@link entityTime}. */
export interface EntityTimeDeps {
  connection: Connection;
  /** Our bare JID. */
  ownJid: string;
  /** True when `jid` may see our presence. */
  mayAsk: (jid: string) => boolean;
}

/** `+01:00` style offset of this machine's local time. */
export function localTzo(date = new Date()): string {
  const offset = -date.getTimezoneOffset();
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${offset < 0 ? '-' : '+'}${hh}:${mm}`;
}

/** Register the XEP-0202 answer. */
export function entityTime({ connection, ownJid, mayAsk }: EntityTimeDeps): void {
  connection.handleIq('get', 'urn:xmpp:time', 'time', (iq) => {
    const from = iq.attrs.from === undefined ? ownJid : tryBareJid(iq.attrs.from);
    if (from !== ownJid && !(from && mayAsk(from))) {
      throw new PresenceError('stanza-error', 'Not allowed to ask our time', { condition: 'forbidden' });
    }
    const now = new Date();
    return xml('time', { xmlns: 'urn:xmpp:time' }, xml('tzo', {}, localTzo(now)), xml('utc', {}, now.toISOString().replace(/\.\d+Z$/, 'Z')));
  });
}
