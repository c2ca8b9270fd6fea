// Signs in with @presently/core, exactly as the elements would, puts its errors in words, and asks the
// signed-in session what the server offers (for the feature checks).
import { createPresenceClient, isPresenceError, type Credentials, type ServerFeatures } from '@presently/core';
import WebSocket from 'ws';
import type { Finding } from './findings.js';
import { SIGN_IN_ERRORS, troubleshootingLink } from './sign-in-errors.js';

export interface SignIn {
  service: string;
  jid: string;
  /** A password or a token (the token as the host app's credentials endpoint would hand it to the page). */
  secret: Credentials;
  ca?: string;
  origin?: string;
  timeoutMs?: number;
}

export interface SignInResult {
  finding: Finding;
  /** What the signed-in session discovered; absent when sign-in or discovery failed. */
  features?: ServerFeatures;
  /** Why discovery failed after a good sign-in. */
  discoveryFailed?: string;
}

/** The finding for a failed sign-in: the code in words, what to do, and the guide's section. */
export function signInFailure(err: unknown): Finding {
  const code = isPresenceError(err) ? err.code : ((err as { code?: string }).code ?? 'error');
  const known = SIGN_IN_ERRORS[code as keyof typeof SIGN_IN_ERRORS];
  return {
    status: 'fail',
    check: 'sign-in',
    detail: `${known?.words ?? (err as Error).message} [${code}]`,
    fix: known ? `${known.fix} — ${troubleshootingLink(code)}` : troubleshootingLink('other'),
  };
}

export async function checkSignIn(options: SignIn): Promise<SignInResult> {
  const { ca, origin, secret } = options;
  // What a page on the intranet opens: its origin, and the company CA if the doctor was given one.
  class PageWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { ...(ca ? { ca } : {}), ...(origin ? { origin } : {}) });
    }
  }
  const client = createPresenceClient({
    service: options.service,
    jid: options.jid,
    credentials: () => Promise.resolve(secret),
    reconnect: false,
    WebSocket: PageWebSocket,
  });
  client.on('error', () => {}); // the start() rejection carries the reason
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const inTime = <T>(work: Promise<T>): Promise<T> =>
    Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error('no answer'), { code: 'timeout' })), options.timeoutMs ?? 15_000);
      }),
    ]);
  try {
    try {
      await inTime(client.start());
    } catch (err) {
      return { finding: signInFailure(err) };
    }
    clearTimeout(timer);
    const finding: Finding = {
      status: 'ok',
      check: 'sign-in',
      detail:
        `${options.jid} signed in with ${'token' in secret ? 'a token' : 'a password'} through @presently/core ` +
        `in ${Math.round(performance.now() - started)} ms`,
    };
    try {
      return { finding, features: await inTime(client.serverFeatures()) };
    } catch (err) {
      const why = isPresenceError(err) ? `${err.message} [${err.code}]` : String(err);
      return { finding, discoveryFailed: `the server did not answer service discovery (XEP-0030): ${why}` };
    }
  } finally {
    clearTimeout(timer);
    await client.stop().catch(() => {});
  }
}
