/**
 * Public types of chat: XEP-0085 chat states and the messages a conversation holds. Re-exported from types.ts.
 */

/** XEP-0085 chat states. */
export type ChatState = 'composing' | 'paused' | 'active' | 'inactive' | 'gone';

/** A chat message received or sent. */
export interface ChatMessage {
  /** Stanza id (or a generated one). */
  id: string;
  /** Bare JID of the sender. */
  from: string;
  /** Bare JID of the recipient. */
  to: string;
  /** Message text. */
  body: string;
  /** When it was sent: the XEP-0203 / archive stamp if any, else when we received or sent it. */
  timestamp: Date;
  /** `in` for received, `out` for sent by us (including carbons of our other devices). */
  direction: 'in' | 'out';
  /** True when this came from the server archive (XEP-0313) rather than live. */
  archived?: boolean;
  /** True when delivered late (XEP-0203 delay). */
  delayed?: boolean;
  /** XEP-0333: the sender asked to learn when we have read it (incoming messages only). */
  markable?: boolean;
}
