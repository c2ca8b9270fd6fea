// Reads a server's stream features over WebSocket (RFC 7395) the way a browser starts a session,
// without signing in: what SASL mechanisms it offers, for tests that check the documented configs.
import WebSocket from 'ws';

/** The `<stream:features/>` (or RFC 7395 `<features/>`) text a server sends after `<open/>`. */
export function websocketFeatures(
  wsUrl: string,
  domain: string,
  options: { origin?: string; timeoutMs?: number; /** PEM certificate(s) to trust for wss:// */ ca?: string } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, 'xmpp', {
      ...(options.origin ? { origin: options.origin } : {}),
      ...(options.ca ? { ca: options.ca } : {}),
    });
    const timer = setTimeout(() => fail(new Error(`no stream features from ${wsUrl}`)), options.timeoutMs ?? 5000);
    const fail = (err: Error): void => {
      clearTimeout(timer);
      socket.terminate();
      reject(err);
    };
    socket.on('error', fail);
    socket.on('unexpected-response', (_req, res) => fail(new Error(`HTTP ${res.statusCode} instead of a WebSocket upgrade`)));
    socket.on('open', () => socket.send(`<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="${domain}" version="1.0"/>`));
    socket.on('message', (data) => {
      const text = String(data);
      if (/features[\s>]/.test(text)) {
        clearTimeout(timer);
        socket.close();
        resolve(text);
      }
    });
  });
}

/** The SASL mechanisms in a features text. */
export function mechanismsIn(features: string): string[] {
  return [...features.matchAll(/<mechanism>([^<]+)<\/mechanism>/g)].map((m) => m[1]!).sort();
}
