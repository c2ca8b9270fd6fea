/** A raw @xmpp/client session in Node (the baseline the bench compares us with): roster, initial presence. */
import { client, xml, type XmppClient, type XmlElement } from '@xmpp/client';
import { WebSocket } from 'ws';

export interface RawOptions {
  service: string;
  domain: string;
  username: string;
  password: string;
  resource: string;
  /** Called for every inbound presence, before anything else. */
  onPresence?: (stanza: XmlElement) => void;
  /** Initial presence to send; default plain available. */
  initialShow?: string;
}

/** Connects, fetches the roster and sends initial presence, as every presence client does. */
export async function connectRaw(o: RawOptions): Promise<XmppClient> {
  // Node 20 has no global WebSocket; @xmpp/websocket uses the global one.
  (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
  const xmpp = client({ service: o.service, domain: o.domain, username: o.username, password: o.password, resource: o.resource });
  xmpp.on('error', () => {});
  withoutStreamManagement(xmpp);
  if (o.onPresence) {
    const onPresence = o.onPresence;
    xmpp.on('stanza', (s: XmlElement) => s.name === 'presence' && onPresence(s));
  }
  const online = new Promise<void>((resolve) => {
    xmpp.on('online', async () => {
      await xmpp.iqCaller.request(xml('iq', { type: 'get' }, xml('query', { xmlns: 'jabber:iq:roster' })));
      await xmpp.send(xml('presence', {}, o.initialShow ? xml('show', {}, o.initialShow) : null));
      resolve();
    });
  });
  await xmpp.start();
  await online;
  return xmpp;
}

export const bare = (jid: string | undefined): string => (jid ?? '').split('/')[0]!;
export const showOf = (p: XmlElement): string => (p.attrs.type === 'unavailable' ? 'offline' : p.getChildText('show') || 'available');

/**
 * Like test/server/peer.ts: @xmpp/client 0.14 races <enable/> with whatever is sent on 'online' and Prosody then
 * drops the session (see docs/design.md "Machine facts"); a baseline that silently reconnects would measure nothing.
 */
function withoutStreamManagement(xmpp: XmppClient): void {
  (xmpp as unknown as { prependListener(event: 'element', fn: (el: XmlElement) => void): void }).prependListener('element', (el) => {
    if (el.is('features', 'http://etherx.jabber.org/streams')) {
      el.children = el.children.filter((c) => typeof c === 'string' || !c.is('sm', 'urn:xmpp:sm:3'));
    }
  });
}
