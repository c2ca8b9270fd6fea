/**
 * Public types of our own presence: what you can set for yourself ({@link PresenceClient.setPresence}). Re-exported
 * from types.ts.
 */

/** The show values you can set for yourself. */
export type OwnShow = 'available' | 'chat' | 'away' | 'xa' | 'dnd';

/** Something to set as our own presence. */
export interface OwnPresence {
  /** Default `available`. */
  show?: OwnShow;
  /** Status text, at most 2 000 characters. */
  status?: string;
  /** -128…127; kept across calls until set again. */
  priority?: number;
  /** XEP-0319: when we went idle. */
  idleSince?: Date;
  /**
   * When this status ends: at that time the client returns to `available` with no text (and emits
   * `own-presence`). Must be in the future. Stored on the server with the status, so it ends on time in all
   * your sessions, even when the one that set it is closed (docs/own-presence.md).
   */
  until?: Date;
}
