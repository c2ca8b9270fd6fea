// The floor stack: what any XMPP presence dot needs at least — @xmpp/client + lit + eventemitter3 and a
// trivial dot. Bundled with the same method as presently.js (bench/size.ts); also loaded by the bench pages
// as the raw-client baseline in the browser (window.floor).
import { client, xml } from '@xmpp/client';
import { LitElement, html, css } from 'lit';
import EventEmitter from 'eventemitter3';

const bare = (jid) => String(jid).split('/')[0];
const presences = new Map();
const events = new EventEmitter();

/** Logs in, fetches the roster, sends initial presence; contacts' shows land in `presences`. */
export async function connect({ service, domain, username, password, resource }) {
  const xmpp = client({ service, domain, username, password, resource });
  xmpp.on('error', () => {});
  // @xmpp/client 0.14's stream management races the roster request below and Prosody drops the session
  // (docs/design.md "Machine facts"); the floor goes without XEP-0198 rather than reconnect silently. Wrapping emit
  // hides the feature before any listener sees it, whatever EventEmitter the bundle carries.
  const emit = xmpp.emit;
  xmpp.emit = function (name, el, ...rest) {
    if (name === 'element' && el.is('features', 'http://etherx.jabber.org/streams')) {
      el.children = el.children.filter((c) => typeof c === 'string' || !c.is('sm', 'urn:xmpp:sm:3'));
    }
    return emit.call(this, name, el, ...rest);
  };
  xmpp.on('stanza', (stanza) => {
    if (!stanza.is('presence') || (stanza.attrs.type && stanza.attrs.type !== 'unavailable')) return;
    const jid = bare(stanza.attrs.from);
    const show = stanza.attrs.type === 'unavailable' ? 'offline' : stanza.getChildText('show') || 'available';
    presences.set(jid, show);
    events.emit(jid, show);
  });
  xmpp.on('online', async () => {
    await xmpp.iqCaller.get(xml('query', { xmlns: 'jabber:iq:roster' }));
    await xmpp.send(xml('presence'));
  });
  await xmpp.start();
  return xmpp;
}

export function watch(jid, fn) {
  fn(presences.get(jid) ?? 'unknown');
  events.on(jid, fn);
  return () => events.off(jid, fn);
}

class FloorDot extends LitElement {
  static properties = { jid: {}, show: { reflect: true } };
  static styles = css`
    :host { display: inline-block; width: 10px; height: 10px; border-radius: 50%; background: grey; }
    :host([show='available']) { background: green; }
    :host([show='dnd']) { background: red; }
    :host([show='away']), :host([show='xa']) { background: orange; }
  `;
  connectedCallback() {
    super.connectedCallback();
    this.stop = watch(this.jid, (show) => (this.show = show));
  }
  disconnectedCallback() {
    super.disconnectedCallback();
    this.stop?.();
  }
  render() {
    return html`<span part="dot" role="img" aria-label=${this.show}></span>`;
  }
}
if (!customElements.get('floor-dot')) customElements.define('floor-dot', FloorDot);

globalThis.floor = { connect, watch, presences };
