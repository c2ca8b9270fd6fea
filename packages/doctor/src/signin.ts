// Signs in with @presently/core, exactly as the elements would, and puts its errors in words.
import { createPresenceClient, isPresenceError } from '@presently/core';
import WebSocket from 'ws';
import type { Finding } from './findings.js';

export interface SignIn {
  service: string;
  jid: string;
  password: string;
  ca?: string;
  origin?: string;
  timeoutMs?: number;
}

const WORDS: Record<string, string> = {
  'auth-failed': 'the server rejected the password (or the account does not exist)',
  'insecure-transport': 'Presently will not send a password over an unencrypted connection to another machine',
  'connection-failed': 'the connection failed before sign-in finished',
  timeout: 'the server did not answer in time',
  'invalid-jid': 'the JID is not valid',
  unsupported: 'the server lacks something Presently needs to sign in',
};

export async function checkSignIn(options: SignIn): Promise<Finding> {
  const { ca, origin } = options;
  // What a page on the intranet opens: its origin, and the company CA if the doctor was given one.
  class PageWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { ...(ca ? { ca } : {}), ...(origin ? { origin } : {}) });
    }
  }
  const client = createPresenceClient({
    service: options.service,
    jid: options.jid,
    password: options.password,
    reconnect: false,
    WebSocket: PageWebSocket,
  });
  client.on('error', () => {}); // the start() rejection carries the reason
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      client.start(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error('no sign-in'), { code: 'timeout' })), options.timeoutMs ?? 15_000);
      }),
    ]);
    return {
      status: 'ok',
      check: 'sign-in',
      detail: `${options.jid} signed in with @presently/core in ${Math.round(performance.now() - started)} ms`,
    };
  } catch (err) {
    const code = isPresenceError(err) ? err.code : ((err as { code?: string }).code ?? 'error');
    return {
      status: 'fail',
      check: 'sign-in',
      detail: `${WORDS[code] ?? (err as Error).message} [${code}]`,
      fix: code === 'auth-failed' ? 'check the password; Prosody: prosodyctl passwd; ejabberd: ejabberdctl change_password' : undefined,
    };
  } finally {
    clearTimeout(timer);
    await client.stop().catch(() => {});
  }
}
