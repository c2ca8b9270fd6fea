/**
 * `presently doctor <service-url>`: connects the way a browser would and reports, in words, whether
 * Presently can work against this service — reachability, TLS certificate, WebSocket path and
 * subprotocol, SASL mechanisms, and (with --jid and --password or --token) a real sign-in through
 * @presently/core, then each feature Presently uses, present or missing with the config line that enables it.
 */
import { checkReachable, checkTls, parseService } from './network.js';
import type { Credentials } from '@presently/core';
import { judgeFeatures } from './features.js';
import { checkSignIn } from './signin.js';
import { judgeMechanisms, probeWebSocket } from './websocket.js';
import type { Finding } from './findings.js';

export interface DoctorOptions {
  service: string;
  jid?: string;
  password?: string;
  /** A sign-in token instead of the password, as the host app's credentials endpoint hands it to the page. */
  token?: string;
  /** XMPP domain; default the JID's, else the service's host name. */
  domain?: string;
  /** PEM of a company CA the browsers trust. */
  ca?: string;
  /** The page origin to present (the proxy's and ejabberd's origin checks). */
  origin?: string;
}

export async function runDoctor(options: DoctorOptions): Promise<Finding[]> {
  const target = parseService(options.service);
  if ('status' in target) return [target];
  const findings: Finding[] = [];
  const loopback = /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/.test(target.host);
  const reach = await checkReachable(target);
  findings.push(reach);
  if (reach.status === 'fail') return findings;
  if (target.secure) {
    const tls = await checkTls(target, options.ca);
    findings.push(tls);
    if (tls.check === 'TLS') return findings; // no handshake at all: nothing more to learn
  } else if (!loopback) {
    findings.push({
      status: 'fail',
      check: 'TLS',
      detail: 'ws:// to another machine is unencrypted; browsers on https pages refuse it and Presently will not sign in over it',
      fix: 'put the TLS proxy in front (docs/servers/nginx.conf) and use wss://',
    });
  }
  const domain = options.domain ?? options.jid?.split('@')[1]?.split('/')[0] ?? target.host;
  const stream = await probeWebSocket(target, domain, { ca: options.ca, origin: options.origin });
  findings.push(...stream.findings);
  if (stream.mechanisms) {
    findings.push(judgeMechanisms(stream.mechanisms, { secure: target.secure, loopback, token: options.token !== undefined }));
  }
  const secret = secretOf(options);
  if (!options.jid || !secret) {
    findings.push({ status: 'skip', check: 'sign-in', detail: 'not tried (pass --jid with --password or --token)' });
    findings.push({ status: 'skip', check: 'features', detail: 'not checked: they are discovered after a sign-in' });
    return findings;
  }
  if (findings.some((f) => f.status === 'fail')) {
    findings.push({ status: 'skip', check: 'sign-in', detail: 'not tried: fix the problems above first' });
    return findings;
  }
  const signIn = await checkSignIn({ service: options.service, jid: options.jid, secret, ca: options.ca, origin: options.origin });
  findings.push(signIn.finding);
  if (signIn.features) findings.push(...judgeFeatures(signIn.features));
  else if (signIn.discoveryFailed) {
    findings.push({
      status: 'fail',
      check: 'features',
      detail: signIn.discoveryFailed,
      fix: 'Prosody: "disco"; in modules_enabled; ejabberd: mod_disco: {} under modules:',
    });
  }
  return findings;
}

function secretOf({ password, token }: DoctorOptions): Credentials | undefined {
  if (token !== undefined) return { token };
  if (password !== undefined) return { password };
  return undefined;
}
