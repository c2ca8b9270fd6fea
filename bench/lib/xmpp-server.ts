/**
 * A scripted XMPP server over WebSocket (RFC 7395) on loopback: just enough for a real client to log in —
 * stream header and features, SASL (SCRAM-SHA-1/-256 or PLAIN), bind, session, roster with N contacts — then
 * whatever the bench pushes. Clients can't tell it from Prosody for the parts they use. Loopback only.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Parser, type Element } from '@xmpp/xml';
import { WebSocketServer, type WebSocket } from 'ws';
import { DOMAIN, frames, rosterItemsXml } from './stanzas.js';

const NS_FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';
const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';
const SCRAM_ITERATIONS = 4096;

export interface ServerOptions {
  /** Roster size for every user. */
  contacts: number;
  /** Any username logs in with this password. */
  password: string;
  /** Send every contact's initial presence right after the client's initial presence. */
  initialPresences?: (to: string) => string[];
}

export interface Session {
  username: string;
  fullJid: string;
  ws: WebSocket;
  /** Sends raw XML frames, waiting for the socket to drain between large batches. */
  sendFrames(frames: string[]): Promise<void>;
}

type SaslState = {
  mech: string;
  hash: 'sha1' | 'sha256';
  clientFirstBare: string;
  serverFirst: string;
  nonce: string;
  salt: Buffer;
} | null;

export class ScriptedServer {
  readonly wss: WebSocketServer;
  readonly sessions = new Map<string, Session>();
  private readyWaiters = new Map<string, Array<(s: Session) => void>>();
  private rosterXml: string;

  constructor(private readonly options: ServerOptions) {
    this.rosterXml = rosterItemsXml(options.contacts);
    this.wss = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      handleProtocols: (protocols) => (protocols.has('xmpp') ? 'xmpp' : false),
      perMessageDeflate: false,
      maxPayload: 1 << 20,
    });
    this.wss.on('connection', (ws) => this.accept(ws));
  }

  async listening(): Promise<string> {
    if (!this.wss.address()) await new Promise((r) => this.wss.once('listening', r));
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/xmpp-websocket`;
  }

  /** Resolves when `username` has sent initial presence (or at once if it already has). */
  whenReady(username: string): Promise<Session> {
    const s = this.sessions.get(username);
    if (s) return Promise.resolve(s);
    return new Promise((resolve) => {
      const list = this.readyWaiters.get(username) ?? [];
      list.push(resolve);
      this.readyWaiters.set(username, list);
    });
  }

  close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    return new Promise((r) => this.wss.close(() => r()));
  }

  private accept(ws: WebSocket): void {
    let parser = this.newParser();
    let authed = false;
    let username = '';
    let fullJid = '';
    let sasl: SaslState = null;
    // Everything goes out in order, as from a real server: a reply to an IQ sent during a blast follows the blast.
    let blasting: Promise<void> | undefined;
    const send = (xml: string) => {
      if (blasting) void blasting.then(() => ws.readyState === ws.OPEN && ws.send(xml));
      else if (ws.readyState === ws.OPEN) ws.send(xml);
    };
    const sendFrames = (frames: string[]): Promise<void> => {
      const run = async () => {
        for (const f of frames) {
          if (ws.readyState !== ws.OPEN) return;
          ws.send(f);
          if (ws.bufferedAmount > 4 << 20) await drain(ws);
        }
      };
      const done = (blasting ?? Promise.resolve()).then(run);
      blasting = done;
      void done.then(() => {
        if (blasting === done) blasting = undefined;
      });
      return done;
    };
    const streamOpen = () =>
      `<open xmlns="${NS_FRAMING}" from="${DOMAIN}" id="${randomBytes(6).toString('hex')}" version="1.0" xml:lang="en"/>`;

    const onElement = (el: Element) => {
      if (el.is('open', NS_FRAMING)) {
        send(streamOpen());
        send(
          authed
            ? `<stream:features xmlns:stream="http://etherx.jabber.org/streams"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/><session xmlns="urn:ietf:params:xml:ns:xmpp-session"><optional/></session></stream:features>`
            : `<stream:features xmlns:stream="http://etherx.jabber.org/streams"><mechanisms xmlns="${NS_SASL}"><mechanism>SCRAM-SHA-256</mechanism><mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism></mechanisms></stream:features>`,
        );
        return;
      }
      if (el.is('close', NS_FRAMING)) {
        send(`<close xmlns="${NS_FRAMING}"/>`);
        ws.close();
        return;
      }
      if (el.getNS() === NS_SASL) {
        const result = this.sasl(el, sasl);
        sasl = result.state;
        if (result.username) username = result.username;
        send(result.reply);
        if (result.success) {
          authed = true;
          parser = this.newParser(); // stream restart
          parser.on('element', onElement);
        }
        return;
      }
      if (!authed) return;
      if (el.name === 'iq') return onIq(el);
      if (el.name === 'presence' && !el.attrs.to && !el.attrs.type) {
        const first = !this.sessions.has(username);
        const session: Session = { username, fullJid, ws, sendFrames };
        this.sessions.set(username, session);
        if (first) {
          const initial = this.options.initialPresences?.(fullJid);
          if (initial) void sendFrames(frames(initial));
          for (const w of this.readyWaiters.get(username) ?? []) w(session);
          this.readyWaiters.delete(username);
        }
      }
      // Other presences (directed, subscription), messages, acks: swallowed like a server routing them away.
    };

    const onIq = (iq: Element) => {
      const { id, type } = iq.attrs;
      if (type !== 'get' && type !== 'set') return;
      const payload = iq.getChildElements()[0];
      const ns = payload?.getNS();
      const to = iq.attrs.to;
      const result = (inner = '') =>
        send(
          `<iq xmlns="jabber:client" type="result" id="${id}"${to ? ` from="${to}"` : ''}${fullJid ? ` to="${fullJid}"` : ''}>${inner}</iq>`,
        );
      if (payload?.is('bind', 'urn:ietf:params:xml:ns:xmpp-bind')) {
        const resource = payload.getChildText('resource') || randomBytes(4).toString('hex');
        fullJid = `${username}@${DOMAIN}/${resource}`;
        return result(`<bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><jid>${fullJid}</jid></bind>`);
      }
      if (ns === 'jabber:iq:roster' && type === 'get') {
        return result(`<query xmlns="jabber:iq:roster" ver="bench">${this.rosterXml}</query>`);
      }
      if (!to || to === DOMAIN || to.startsWith(`${username}@${DOMAIN}`)) return result(); // session, carbons, csi, disco…
      // IQs to contacts (vCard, last activity, time): answered the way a server answers for an unavailable resource.
      send(
        `<iq xmlns="jabber:client" type="error" id="${id}" from="${to}" to="${fullJid}"><error type="cancel"><service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>`,
      );
    };

    parser.on('element', onElement);
    ws.on('message', (data) => parser.write(data.toString()));
    ws.on('close', () => {
      if (this.sessions.get(username)?.ws === ws) this.sessions.delete(username);
    });
    ws.on('error', () => {});
  }

  private newParser(): Parser {
    const parser = new Parser();
    parser.write('<frames>');
    parser.on('error', () => {});
    return parser;
  }

  private sasl(el: Element, state: SaslState): { reply: string; state: SaslState; success?: boolean; username?: string } {
    const failure = { reply: `<failure xmlns="${NS_SASL}"><not-authorized/></failure>`, state: null };
    const data = Buffer.from(el.getText() || '', 'base64').toString('utf8');
    if (el.name === 'auth') {
      const mech = el.attrs.mechanism ?? '';
      if (mech === 'PLAIN') {
        const [, user, pass] = data.split('\0');
        if (!user || pass !== this.options.password) return failure;
        return { reply: `<success xmlns="${NS_SASL}"/>`, state: null, success: true, username: user };
      }
      if (mech === 'SCRAM-SHA-1' || mech === 'SCRAM-SHA-256') {
        const clientFirstBare = data.replace(/^[^,]*,[^,]*,/, '');
        const attrs = scramAttrs(clientFirstBare);
        if (!attrs.n || !attrs.r) return failure;
        const nonce = attrs.r + randomBytes(12).toString('base64');
        const salt = randomBytes(16);
        const serverFirst = `r=${nonce},s=${salt.toString('base64')},i=${SCRAM_ITERATIONS}`;
        const hash = mech === 'SCRAM-SHA-1' ? 'sha1' : 'sha256';
        return {
          reply: `<challenge xmlns="${NS_SASL}">${Buffer.from(serverFirst).toString('base64')}</challenge>`,
          state: { mech, hash, clientFirstBare, serverFirst, nonce, salt },
          username: attrs.n,
        };
      }
      return { reply: `<failure xmlns="${NS_SASL}"><invalid-mechanism/></failure>`, state: null };
    }
    if (el.name === 'response' && state) {
      const attrs = scramAttrs(data);
      if (attrs.r !== state.nonce || !attrs.p) return failure;
      const withoutProof = data.slice(0, data.lastIndexOf(',p='));
      const authMessage = `${state.clientFirstBare},${state.serverFirst},${withoutProof}`;
      const len = state.hash === 'sha1' ? 20 : 32;
      const salted = pbkdf2Sync(this.options.password, state.salt, SCRAM_ITERATIONS, len, state.hash);
      const clientKey = createHmac(state.hash, salted).update('Client Key').digest();
      const storedKey = createHash(state.hash).update(clientKey).digest();
      const clientSig = createHmac(state.hash, storedKey).update(authMessage).digest();
      const expected = Buffer.from(clientKey.map((b, i) => b ^ clientSig[i]!));
      const proof = Buffer.from(attrs.p, 'base64');
      if (proof.length !== expected.length || !timingSafeEqual(proof, expected)) return failure;
      const serverKey = createHmac(state.hash, salted).update('Server Key').digest();
      const serverSig = createHmac(state.hash, serverKey).update(authMessage).digest('base64');
      return {
        reply: `<success xmlns="${NS_SASL}">${Buffer.from(`v=${serverSig}`).toString('base64')}</success>`,
        state: null,
        success: true,
      };
    }
    return failure;
  }
}

function scramAttrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of s.split(',')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}

function drain(ws: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (ws.bufferedAmount < 1 << 20 || ws.readyState !== ws.OPEN ? resolve() : setTimeout(check, 1));
    check();
  });
}
