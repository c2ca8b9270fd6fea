/**
 * Transport security policy — RFC 6120 §13.9 (mandatory-to-implement TLS) and RFC 7395 §9: plaintext
 * XMPP (`ws://`, `xmpp://` without STARTTLS) is refused to anything but a loopback host unless the
 * integrator says `allowInsecure`. Checked before any socket is opened.
 */
import { PresenceError } from '../errors.js';

export type ServiceProtocol = 'ws:' | 'wss:' | 'xmpp:' | 'xmpps:';

export interface ServiceInfo {
  protocol: ServiceProtocol;
  hostname: string;
  /** Encrypted from the first byte (wss, xmpps). */
  tls: boolean;
  loopback: boolean;
}

/** localhost, 127.0.0.0/8 and ::1 (also in its bracketed and IPv4-mapped forms). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const v4 = host.startsWith('::ffff:') ? host.slice(7) : host;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(v4);
  return !!m && m.slice(1).every((o) => Number(o) <= 255) && m[1] === '127';
}

/** Parses a service URL; throws `invalid-argument` for anything but ws(s):// and xmpp(s)://. */
export function parseService(service: string): ServiceInfo {
  let url: URL;
  try {
    url = new URL(service);
  } catch {
    throw new PresenceError('invalid-argument', `Invalid service URL ${JSON.stringify(service)}`);
  }
  const protocol = url.protocol as ServiceProtocol;
  if (!['ws:', 'wss:', 'xmpp:', 'xmpps:'].includes(protocol) || !url.hostname) {
    throw new PresenceError('invalid-argument', `Unsupported service ${JSON.stringify(service)}: use ws://, wss://, xmpp:// or xmpps://`);
  }
  return { protocol, hostname: url.hostname, tls: protocol === 'wss:' || protocol === 'xmpps:', loopback: isLoopbackHost(url.hostname) };
}

/**
 * Throws `insecure-transport` for `ws://` to a non-loopback host without `allowInsecure`.
 * `xmpp://` passes here: it must then upgrade with STARTTLS before authenticating (see negotiate.ts).
 */
export function assertTransportAllowed(info: ServiceInfo, allowInsecure: boolean): void {
  if (info.protocol === 'ws:' && !info.loopback && !allowInsecure) {
    throw new PresenceError(
      'insecure-transport',
      `Refusing plaintext ws:// to ${info.hostname}: use wss://, or set allowInsecure for a trusted network`,
    );
  }
}
