/** Presently's DOM events: prefixed, kebab-case, bubbling and composed. */
import type { ErrorCode } from '@presently/core';

/** `detail` of `presently-error`. */
export interface PresentlyErrorDetail {
  /** Stable code, e.g. `invalid-jid`, `credentials-failed`, `auth-failed` (one of core's {@link ErrorCode}s). */
  code: ErrorCode;
  message: string;
}

/** `detail` of `presently-open-chat`, `presently-close-chat` and `presently-contact-available`. */
export interface PresentlyChatDetail {
  /** Bare JID of the contact. */
  jid: string;
}

export interface PresentlyEventMap {
  'presently-error': CustomEvent<PresentlyErrorDetail>;
  'presently-open-chat': CustomEvent<PresentlyChatDetail>;
  'presently-close-chat': CustomEvent<PresentlyChatDetail>;
  /** A contact you asked about ("Notify me when available") became available; fires once per request. */
  'presently-contact-available': CustomEvent<PresentlyChatDetail>;
  'presently-status-change': CustomEvent<{ show: string; status: string; clearAt?: Date }>;
}

/** Dispatch a Presently event; returns false when a listener cancelled it. */
export function emit<K extends keyof PresentlyEventMap>(
  target: EventTarget,
  type: K,
  detail: PresentlyEventMap[K]['detail'],
  cancelable = false,
): boolean {
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
}

declare global {
  // Typed listeners: el.addEventListener('presently-open-chat', (e) => e.detail.jid)
  interface GlobalEventHandlersEventMap extends PresentlyEventMap {}
}
