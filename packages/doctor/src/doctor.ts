/**
 * `presently doctor <service-url>`: connects the way a browser would and reports, in words, whether
 * Presently can work against this service — reachability, TLS certificate, WebSocket path and
 * subprotocol, SASL mechanisms, and (with --jid/--password) a real sign-in through @presently/core.
 */
import { checkReachable, checkTls, parseService } from './network.js';
import { checkSignIn } from './signin.js';
import { judgeMechanisms, probeWebSocket } from './websocket.js';
import type { Finding } from './findings.js';

export interface DoctorOptions {
  service: string;
  jid?: string;
  password?: string;
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
  const reach = await checkReachable(target);
  findings.push(reach);
  if (reach.status === 'fail') return findings;
  if (target.secure) {
    const tls = await checkTls(target, options.ca);
    findings.push(tls);
    if (tls.check === 'TLS') return findings; // no handshake at all: nothing more to learn
  } else if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(target.host)) {
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
  if (stream.mechanisms) findings.push(judgeMechanisms(stream.mechanisms, target.secure));
  if (options.jid && options.password !== undefined) {
    if (findings.some((f) => f.status === 'fail')) {
      findings.push({ status: 'skip', check: 'sign-in', detail: 'not tried: fix the problems above first' });
    } else {
      findings.push(
        await checkSignIn({
          service: options.service,
          jid: options.jid,
          password: options.password,
          ca: options.ca,
          origin: options.origin,
        }),
      );
    }
  } else {
    findings.push({ status: 'skip', check: 'sign-in', detail: 'not tried (pass --jid and --password)' });
  }
  // Features after sign-in (stream management, carbons, MAM, CSI, private storage, time, last
  // activity, vCard) need service discovery, which @presently/core does not expose publicly yet.
  findings.push({
    status: 'skip',
    check: 'features',
    detail:
      'stream management, carbons, MAM, CSI, private storage, time, last activity and vCard are not checked yet ' +
      '(needs a public discovery API in @presently/core)',
  });
  return findings;
}
