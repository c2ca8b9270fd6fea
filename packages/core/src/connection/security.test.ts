import { describe, expect, it } from 'vitest';
import { assertTransportAllowed, isLoopbackHost, parseService } from './security.js';
import { isPresenceError } from '../errors.js';

describe('transport security policy', () => {
  it('recognises loopback hosts only', () => {
    for (const h of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1', 'a.localhost']) {
      expect(isLoopbackHost(h), h).toBe(true);
    }
    for (const h of ['example.com', '128.0.0.1', '10.0.0.1', '::2', '127.0.0.1.evil.com', 'localhost.evil.com', '1270.0.0.1']) {
      expect(isLoopbackHost(h), h).toBe(false);
    }
  });

  it('refuses ws:// to a remote host unless allowInsecure', () => {
    const remote = parseService('ws://example.com/xmpp-websocket');
    expect(() => assertTransportAllowed(remote, false)).toThrow(/plaintext/);
    try {
      assertTransportAllowed(remote, false);
    } catch (e) {
      expect(isPresenceError(e, 'insecure-transport')).toBe(true);
    }
    expect(() => assertTransportAllowed(remote, true)).not.toThrow();
    expect(() => assertTransportAllowed(parseService('ws://127.0.0.1:5280/ws'), false)).not.toThrow();
    expect(() => assertTransportAllowed(parseService('wss://example.com/ws'), false)).not.toThrow();
  });

  it('rejects unknown schemes', () => {
    expect(() => parseService('http://example.com')).toThrow(/Unsupported/);
    expect(() => parseService('not a url')).toThrow(/Invalid/);
    expect(parseService('xmpps://example.com:5223')).toMatchObject({ protocol: 'xmpps:', tls: true, loopback: false });
  });
});
