/**
 * Every error Presently raises is a {@link PresenceError} with a stable string `code`.
 */

/**
 * Stable error codes, of core's errors and of every `presently-error` event the elements dispatch. Compare against
 * these, never against messages.
 */
export const ErrorCode = {
  InvalidJid: 'invalid-jid',
  InvalidArgument: 'invalid-argument',
  AuthFailed: 'auth-failed',
  InsecureTransport: 'insecure-transport',
  NotConnected: 'not-connected',
  ConnectionFailed: 'connection-failed',
  Timeout: 'timeout',
  StanzaError: 'stanza-error',
  Stopped: 'stopped',
  MalformedStanza: 'malformed-stanza',
  Flood: 'flood',
  Unsupported: 'unsupported',
  CredentialsFailed: 'credentials-failed',
  /**
   * Our own status could not be read from or stored on the server (XEP-0223 PEP node): the client goes on with the
   * status it has locally; other sessions may not see the change.
   */
  StorageFailed: 'storage-failed',
  /** `<presently-chat-button>`: the chat window's code could not be loaded or opened. */
  OpenChatFailed: 'open-chat-failed',
  /** `<presently-status-picker>`: setting our presence failed with something other than a {@link PresenceError}. */
  SetPresenceFailed: 'set-presence-failed',
} as const;

/** One of the {@link ErrorCode} values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * The one error type of the library.
 *
 * @example
 * try { client.presenceOf('not a jid') } catch (e) {
 *   if (e instanceof PresenceError && e.code === 'invalid-jid') { … }
 * }
 */
export class PresenceError extends Error {
  /** Stable machine-readable reason. */
  readonly code: ErrorCode;
  /**
   * For `stanza-error`: the XMPP error condition, e.g. `service-unavailable`. For `malformed-stanza` and `flood` that
   * closed the stream: the RFC 6120 §4.9.3 stream error condition, e.g. `not-well-formed` or `restricted-xml`.
   */
  readonly condition?: string;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; condition?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PresenceError';
    this.code = code;
    if (options?.condition) this.condition = options.condition;
  }
}

/** True when `e` is a {@link PresenceError}, optionally with the given code. */
export function isPresenceError(e: unknown, code?: ErrorCode): e is PresenceError {
  return e instanceof PresenceError && (code === undefined || e.code === code);
}

/** @internal The error for what the client can no longer do because `stop()` was called. */
export const stoppedError = (): PresenceError => new PresenceError('stopped', 'The client was stopped');

/** @internal The error for sending through a client that was never started, or was stopped. */
export const notStartedError = (): PresenceError => new PresenceError('not-connected', 'The client is not started');
