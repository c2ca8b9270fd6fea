// Reachability and TLS: can a browser reach the service's host and port, and would it trust the
// certificate? Certificate problems are put in words (expired, wrong host, self-signed, unknown issuer).
import { connect as connectTcp } from 'node:net';
import { checkServerIdentity, connect as connectTls, type PeerCertificate } from 'node:tls';
import type { Finding } from './findings.js';

export interface Target {
  url: URL;
  host: string;
  port: number;
  secure: boolean;
}

/** Parses the service URL the page would use; only WebSocket URLs are what a browser can open. */
export function parseService(service: string): Target | Finding {
  let url: URL;
  try {
    url = new URL(service);
  } catch {
    return { status: 'fail', check: 'service URL', detail: `"${service}" is not a URL`, fix: 'use wss://chat.example.com/xmpp-websocket' };
  }
  if (url.protocol !== 'wss:' && url.protocol !== 'ws:') {
    return {
      status: 'fail',
      check: 'service URL',
      detail: `${url.protocol} is not a WebSocket URL; browsers can only open ws:// or wss://`,
      fix: 'use wss://chat.example.com/xmpp-websocket',
    };
  }
  const secure = url.protocol === 'wss:';
  const port = Number(url.port || (secure ? 443 : 80));
  return { url, host: url.hostname.replace(/^\[|\]$/g, ''), port, secure };
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** TCP reachability, with the OS's reason in words. */
export function checkReachable(t: Target, timeoutMs = 5000): Promise<Finding> {
  return new Promise((resolve) => {
    const socket = connectTcp({ host: t.host, port: t.port });
    const done = (f: Finding): void => {
      socket.destroy();
      resolve(f);
    };
    socket.setTimeout(timeoutMs, () =>
      done({
        status: 'fail',
        check: 'reachability',
        detail: `no answer from ${t.host}:${t.port} within ${timeoutMs / 1000} s (a firewall dropping packets?)`,
      }),
    );
    socket.once('connect', () => done({ status: 'ok', check: 'reachability', detail: `${t.host}:${t.port} accepts connections` }));
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const why =
        err.code === 'ECONNREFUSED'
          ? `nothing listens on ${t.host}:${t.port} (connection refused)`
          : err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN'
            ? `the name ${t.host} does not resolve (DNS)`
            : err.code === 'EHOSTUNREACH' || err.code === 'ENETUNREACH'
              ? `${t.host} is unreachable from here (routing)`
              : `${err.code ?? 'error'}: ${err.message}`;
      done({ status: 'fail', check: 'reachability', detail: why, fix: 'is the proxy (nginx) running, and is this its public port?' });
    });
  });
}

const date = (s: string): string => new Date(s).toISOString().slice(0, 10);

/** Describes why a browser would refuse this certificate, or that it would accept it. */
export function describeCertificate(t: Target, cert: PeerCertificate, authorizationError: string | undefined): Finding {
  const names = cert.subjectaltname ?? `CN=${cert.subject?.CN ?? '?'}`;
  const now = Date.now();
  if (cert.valid_to && Date.parse(cert.valid_to) < now) {
    return {
      status: 'fail',
      check: 'TLS certificate',
      detail: `expired on ${date(cert.valid_to)}`,
      fix: 'renew it (certbot renew) and reload the proxy',
    };
  }
  if (cert.valid_from && Date.parse(cert.valid_from) > now) {
    return {
      status: 'fail',
      check: 'TLS certificate',
      detail: `not valid before ${date(cert.valid_from)} (is this machine's clock right?)`,
    };
  }
  const identity = checkServerIdentity(t.host, cert);
  if (identity) {
    return {
      status: 'fail',
      check: 'TLS certificate',
      detail: `is for ${names}, not for ${t.host}`,
      fix: 'use the name in the certificate, or get one that includes this name',
    };
  }
  switch (authorizationError) {
    case undefined:
      return {
        status: 'ok',
        check: 'TLS certificate',
        detail: `valid for ${t.host} until ${date(cert.valid_to)}, issued by ${cert.issuer?.O ?? cert.issuer?.CN ?? '?'}`,
      };
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return {
        status: 'fail',
        check: 'TLS certificate',
        detail: 'self-signed: browsers refuse it (unless every browser was told to trust it)',
        fix: 'use a certificate from a public CA, or your company CA that the browsers trust (then run the doctor with --ca that-ca.pem)',
      };
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return {
        status: 'fail',
        check: 'TLS certificate',
        detail:
          `issued by ${cert.issuer?.CN ?? 'an unknown CA'}, which is not trusted here, ` +
          'or the proxy does not send the intermediate certificates',
        fix: 'ssl_certificate must be the full chain (fullchain.pem); for a company CA run the doctor with --ca',
      };
    default:
      return { status: 'fail', check: 'TLS certificate', detail: `not trusted (${authorizationError})` };
  }
}

/** Opens TLS as a browser would (SNI, system CAs plus `ca`) and describes the certificate. */
export function checkTls(t: Target, ca: string | undefined, timeoutMs = 5000): Promise<Finding> {
  return new Promise((resolve) => {
    const socket = connectTls({
      host: t.host,
      port: t.port,
      servername: LOOPBACK.test(t.host) ? undefined : t.host,
      rejectUnauthorized: false,
      ...(ca ? { ca } : {}),
    });
    const done = (f: Finding): void => {
      socket.destroy();
      resolve(f);
    };
    socket.setTimeout(timeoutMs, () =>
      done({ status: 'fail', check: 'TLS', detail: `no TLS handshake within ${timeoutMs / 1000} s (is this port plain HTTP?)` }),
    );
    socket.once('secureConnect', () => {
      const error = socket.authorizationError;
      done(
        describeCertificate(
          t,
          socket.getPeerCertificate(),
          error === null || error === undefined ? undefined : String((error as { code?: string }).code ?? error),
        ),
      );
    });
    socket.once('error', (err: NodeJS.ErrnoException) =>
      done({
        status: 'fail',
        check: 'TLS',
        detail: /wrong version number|WRONG_VERSION/i.test(err.message)
          ? 'this port speaks plain HTTP, not TLS'
          : `handshake failed: ${err.message}`,
        fix: "use ws:// for a plain port, or point wss:// at the proxy's TLS port",
      }),
    );
  });
}
