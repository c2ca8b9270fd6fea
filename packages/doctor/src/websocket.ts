// The WebSocket as a browser opens it (RFC 7395): the path answers an upgrade, the server agrees to
// the "xmpp" subprotocol, and its stream features list the SASL mechanisms on offer.
import WebSocket from 'ws';
import type { Finding } from './findings.js';
import { NS_FRAMING, NS_STREAM_ERRORS } from './namespaces.js';
import type { Target } from './network.js';

/** A stream error and its condition (the first child in the RFC 6120 §4.9 stream errors namespace). */
const STREAM_ERROR = new RegExp(String.raw`<(?:stream:)?error[\s>][\s\S]*?<([a-z-]+) xmlns=["']` + NS_STREAM_ERRORS.replaceAll('.', '\\.'));

export interface StreamProbe {
  findings: Finding[];
  /** SASL mechanisms offered before sign-in, when the stream opened. */
  mechanisms?: string[];
}

const PATH_HINT = "the usual path is /xmpp-websocket (Prosody mod_websocket, ejabberd ejabberd_http_ws); check the proxy's location";

export function probeWebSocket(
  t: Target,
  domain: string,
  options: { ca?: string; origin?: string; timeoutMs?: number },
): Promise<StreamProbe> {
  const findings: Finding[] = [];
  return new Promise((resolve) => {
    const socket = new WebSocket(t.url.href, 'xmpp', {
      ...(options.ca ? { ca: options.ca } : {}),
      ...(options.origin ? { origin: options.origin } : {}),
      // Certificates are judged by the TLS check; here we want to see the WebSocket either way.
      rejectUnauthorized: false,
    });
    let received = '';
    const finish = (mechanisms?: string[]): void => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.terminate();
      resolve(mechanisms ? { findings, mechanisms } : { findings });
    };
    const timer = setTimeout(() => {
      findings.push({
        status: 'fail',
        check: 'XMPP stream',
        detail: `no stream features within ${(options.timeoutMs ?? 8000) / 1000} s after <open/>`,
      });
      finish();
    }, options.timeoutMs ?? 8000);
    socket.on('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      findings.push({
        status: 'fail',
        check: 'WebSocket',
        detail:
          status === 404
            ? `${t.url.pathname} is not a WebSocket endpoint (HTTP 404)`
            : status === 403
              ? `the server refused the upgrade (HTTP 403)${options.origin ? `: the origin ${options.origin} is not allowed` : ''}`
              : `HTTP ${status} instead of a WebSocket upgrade`,
        fix: status === 403 ? "add the page's origin to the proxy's map (and ejabberd's ALLOWED_ORIGINS)" : PATH_HINT,
      });
      finish();
    });
    socket.on('error', (err) => {
      findings.push({ status: 'fail', check: 'WebSocket', detail: err.message, fix: PATH_HINT });
      finish();
    });
    socket.on('open', () => {
      if (socket.protocol !== 'xmpp') {
        findings.push({
          status: 'fail',
          check: 'WebSocket',
          detail: `the upgrade worked but the server did not agree to the "xmpp" subprotocol (got "${socket.protocol}")`,
          fix: 'the proxy must pass Sec-WebSocket-Protocol through; is this path really the XMPP server?',
        });
        finish();
        return;
      }
      findings.push({ status: 'ok', check: 'WebSocket', detail: `${t.url.pathname} upgrades with the "xmpp" subprotocol` });
      socket.send(`<open xmlns="${NS_FRAMING}" to="${domain.replace(/[<>&"']/g, '')}" version="1.0"/>`);
    });
    socket.on('message', (data) => {
      received += String(data);
      const error = STREAM_ERROR.exec(received);
      if (error) {
        findings.push({
          status: 'fail',
          check: 'XMPP stream',
          detail:
            `the server closed the stream: ${error[1]}` + (error[1] === 'host-unknown' ? ` (it does not serve the domain ${domain})` : ''),
          fix: error[1] === 'host-unknown' ? 'pass --domain, or add the domain to the server (VirtualHost / hosts)' : undefined,
        });
        finish();
        return;
      }
      if (/<(?:stream:)?features[\s>/]/.test(received) && /<\/(?:stream:)?features>|<(?:stream:)?features\s*\/>/.test(received)) {
        finish([...received.matchAll(/<mechanism>([^<]+)<\/mechanism>/g)].map((m) => m[1]!));
      }
    });
  });
}

/** Judges the offered SASL mechanisms the way @presently/core chooses among them. */
export function judgeMechanisms(mechanisms: string[], how: { secure: boolean; loopback: boolean; token: boolean }): Finding {
  const list = mechanisms.join(', ') || 'none';
  // PLAIN (a password, or ejabberd's JWT as one) only inside TLS or to this machine, as the client does.
  const plainOk = mechanisms.includes('PLAIN') && (how.secure || how.loopback);
  if (how.token) {
    const tokenMechanism = ['OAUTHBEARER', 'X-OAUTH2'].find((m) => mechanisms.includes(m));
    if (tokenMechanism || plainOk) {
      return {
        status: 'ok',
        check: 'SASL',
        detail: `offers ${list}; a token goes by ${[tokenMechanism, plainOk ? 'PLAIN' : undefined].filter(Boolean).join(', then ')}`,
      };
    }
    return {
      status: 'fail',
      check: 'SASL',
      detail: `offers ${list}: no way to sign in with a token (OAUTHBEARER, X-OAUTH2, or PLAIN inside TLS)`,
      fix: 'ejabberd: auth_method: [jwt] (ejabberd.md §9); Prosody 13: mod_tokenauth with OAUTHBEARER (prosody.md §8)',
    };
  }
  if (mechanisms.includes('SCRAM-SHA-256') || mechanisms.includes('SCRAM-SHA-1')) {
    return {
      status: 'ok',
      check: 'SASL',
      detail: `offers ${list}; Presently uses ${mechanisms.includes('SCRAM-SHA-256') ? 'SCRAM-SHA-256' : 'SCRAM-SHA-1'}`,
    };
  }
  if (plainOk) {
    return {
      status: 'warn',
      check: 'SASL',
      detail: `offers ${list}: the password travels ${how.secure ? 'inside TLS' : 'to this machine'} only`,
      fix: 'store SCRAM hashes (Prosody: internal_hashed; ejabberd: auth_password_format: scram)',
    };
  }
  if (mechanisms.includes('PLAIN')) {
    return {
      status: 'fail',
      check: 'SASL',
      detail: `offers only ${list} over plain ws://: Presently refuses to send a password unencrypted`,
    };
  }
  return {
    status: 'fail',
    check: 'SASL',
    detail: `offers ${list}: nothing Presently can sign in with (SCRAM-SHA-256, SCRAM-SHA-1, PLAIN over TLS)`,
  };
}
