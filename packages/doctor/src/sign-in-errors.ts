// Every error @presently/core can raise, in words a person understands, with what to do and where the
// troubleshooting guide says more. Typed Record<ErrorCode, …>: a new code does not compile until it has words.
import type { ErrorCode } from '@presently/core';

/** The troubleshooting guide; each code has a section whose anchor is the code. */
export const TROUBLESHOOTING = 'https://github.com/presently/presently/blob/main/docs/servers/troubleshooting.md';

export interface Explanation {
  words: string;
  fix: string;
}

export const SIGN_IN_ERRORS: Record<ErrorCode, Explanation> = {
  'auth-failed': {
    words: 'the server rejected the password or token (or the account does not exist)',
    fix:
      'check the password (Prosody: prosodyctl passwd; ejabberd: ejabberdctl change_password), ' +
      'or that the token is fresh and signed with the key the server has',
  },
  'credentials-failed': {
    words: "the page could not get a password or token from the host app's credentials endpoint",
    fix: 'check that credentials-url answers { "password": … } or { "token": … } for a signed-in user',
  },
  'insecure-transport': {
    words: 'Presently will not send a password over an unencrypted connection to another machine',
    fix: 'use wss:// through the TLS proxy (docs/servers/nginx.conf)',
  },
  unsupported: {
    words: 'the server offers no sign-in mechanism Presently can use (SCRAM-SHA-256, SCRAM-SHA-1, PLAIN over TLS, a token mechanism)',
    fix: 'Prosody: authentication = "internal_hashed"; ejabberd: auth_password_format: scram',
  },
  'connection-failed': {
    words: 'the connection failed before sign-in finished',
    fix: 'check that the server is running and the proxy forwards the WebSocket (its logs say why it closed)',
  },
  timeout: {
    words: 'the server did not answer in time',
    fix: 'check the server load and the proxy timeouts (proxy_read_timeout)',
  },
  'invalid-jid': {
    words: 'the JID is not valid',
    fix: 'use the form name@domain, e.g. alice@example.com',
  },
  'invalid-argument': {
    words: 'an option given to Presently is not valid',
    fix: 'check the options against the core README',
  },
  'not-connected': {
    words: 'the client was not connected when it needed to be',
    fix: 'sign-in did not finish: look at the errors before this one',
  },
  'stanza-error': {
    words: 'the server answered a request with an error',
    fix: 'the server log names the module that refused it',
  },
  stopped: {
    words: 'the client was stopped before sign-in finished',
    fix: 'nothing to fix on the server: the page stopped the client',
  },
  'malformed-stanza': {
    words: 'the server sent XML that is not allowed in XMPP, and the stream was closed',
    fix: 'check what sits between the browser and the server (a proxy rewriting frames?); the server log shows the stream',
  },
  flood: {
    words: 'too much traffic: the server or Presently cut the stream to protect itself',
    fix:
      'Prosody: the limits section; ejabberd: shaper and max_stanza_size; ' +
      'mod_fail2ban may be blocking this address after failed sign-ins',
  },
  'open-chat-failed': {
    words: "the chat window's code could not be loaded",
    fix: 'check that presently.js and its chunks are served from the same folder (and allowed by the page CSP)',
  },
  'set-presence-failed': {
    words: 'setting your own status failed',
    fix: 'check the connection: the status is sent once signed in',
  },
  'storage-failed': {
    words: 'your own status could not be read from or stored on the server; it is kept in this page only',
    fix: 'enable PEP (Prosody: "pep" in modules_enabled; ejabberd: mod_pubsub with the pep plugin) and check its logs',
  },
};

/** The link to the guide's section for `code`. */
export const troubleshootingLink = (code: string): string => `${TROUBLESHOOTING}#${code}`;
