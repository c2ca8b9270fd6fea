/**
 * One person, one presence: keeps our own status the same in all our sessions through the stored item
 * (own-status.ts, XEP-0223 on PEP).
 *
 * - Every fresh session reads the item before its initial presence (session.ts waits for
 *   {@link OwnSync.beforeInitial}), so opening a page never changes what colleagues see.
 * - The newest choice wins, by its `since`: a stored status newer than ours is adopted; ours newer (set
 *   before login, or while the storage was unreachable) is published. An `until` already past is ended by
 *   whichever session notices first, which stores the cleared status.
 * - A change in one session reaches the others as a PEP notification; they adopt it and send it as their
 *   own presence, so every resource of ours says the same.
 * - Storage failures never block presence: `storage-failed` is reported and the local status goes on.
 */
import type { Connection } from './connection/types.js';
import { PresenceError } from './errors.js';
import { bareJid } from './jid.js';
import type { OwnPresenceApi } from './own-presence.js';
import { MAX_PRIORITY_CONTACTS, ownStatusStorage, type StoredStatus } from './own-status.js';
import { isSessionGone } from './stanza-utils.js';
import type { Element } from './xml.js';

/** We publish the last input time at most this often, unless it ends an automatic away (auto-away.ts). */
export const INPUT_PUBLISH_MS = 60_000;

/** Dependencies of {@link ownSync}. */
export interface OwnSyncDeps {
  connection: Connection;
  own: OwnPresenceApi;
  ownJid: string;
  emitError: (error: PresenceError) => void;
  /** The stored priority contacts changed (here or in another session). */
  onPriority: (jids: readonly string[]) => void;
  /** Another session reported later user input. */
  onSharedInput?: (at: Date) => void;
}

/** The sync: what session.ts, the client API and auto-away call. */
export interface OwnSync {
  /** Read the stored status and adopt or publish it; never rejects (failures are reported). */
  beforeInitial(): Promise<void>;
  /** A `<message/>` from `fromBare`: true when it was our node's notification (handled). */
  handleMessage(message: Element, fromBare: string | undefined): boolean;
  readonly priority: readonly string[];
  setPriority(jids: readonly string[]): Promise<void>;
  /** User input in this session at `at`; published when `urgent` or a minute after the last one. */
  noteInput(at: Date, urgent: boolean): void;
  /** Resolves once the last publish has been answered (stored, or reported as failed). */
  stored(): Promise<void>;
}

function storageFailed(e: unknown, what: string): PresenceError {
  const condition = (e as { condition?: string }).condition;
  const reason = e instanceof Error ? `: ${e.message.slice(0, 200)}` : '';
  return new PresenceError('storage-failed', `${what}${reason}; going on with the status this session has`, {
    cause: e,
    ...(condition ? { condition } : {}),
  });
}

/** Validate a priority list: bare JIDs, each once. Throws `invalid-jid` / `invalid-argument`. */
export function validatePriority(jids: unknown): readonly string[] {
  if (!Array.isArray(jids)) throw new PresenceError('invalid-argument', 'setPriorityContacts expects an array of JIDs');
  if (jids.length > MAX_PRIORITY_CONTACTS)
    throw new PresenceError('invalid-argument', `At most ${MAX_PRIORITY_CONTACTS} priority contacts`);
  return Object.freeze([...new Set(jids.map((jid) => bareJid(jid)))]);
}

/** Create the sync and hook it to `own`'s changes. */
export function ownSync({ connection, own, ownJid, emitError, onPriority, onSharedInput }: OwnSyncDeps): OwnSync {
  const storage = ownStatusStorage({ connection, ownJid });
  let priority: readonly string[] = Object.freeze([]);
  let lastInput: Date | undefined;
  let inputPublishedAt = 0;
  let lastPublish: Promise<void> = Promise.resolve();

  function snapshot(): StoredStatus {
    const { show = 'available', status, until } = own.chosen;
    return {
      show,
      since: own.since,
      priority,
      ...(status ? { status } : {}),
      ...(until ? { until } : {}),
      ...(lastInput ? { lastInput } : {}),
    };
  }

  function publish(): Promise<void> {
    // Offline: the next session's beforeInitial publishes what is newer.
    if (connection.status !== 'online') return Promise.resolve();
    lastPublish = storage.write(snapshot()).catch((e: unknown) => {
      if (!isSessionGone(e)) emitError(storageFailed(e, 'Storing our own status failed'));
    });
    return lastPublish;
  }

  /** Take what the server holds; true when it changed our chosen presence. */
  function take(stored: StoredStatus): boolean {
    if (stored.lastInput && (!lastInput || stored.lastInput > lastInput)) {
      lastInput = stored.lastInput;
      onSharedInput?.(stored.lastInput);
    }
    if (stored.priority.join() !== priority.join()) {
      priority = stored.priority;
      onPriority(priority);
    }
    const mine = own.since.getTime();
    if (stored.since.getTime() <= mine) return false;
    const { show, status, until } = stored;
    own.adopt({ show, ...(status ? { status } : {}), ...(until ? { until } : {}) }, stored.since);
    return true;
  }

  own.onChange((_p, reason) => {
    if (reason === 'set' || reason === 'end') void publish();
  });

  return {
    async beforeInitial() {
      let stored: StoredStatus | undefined;
      try {
        stored = await storage.read();
      } catch (e) {
        if (!isSessionGone(e)) emitError(storageFailed(e, 'Reading our own status failed'));
        return;
      }
      const adopted = stored ? take(stored) : false;
      // Ours is newer (chosen before this login, or while the storage was unreachable): store it.
      if (!adopted && own.since.getTime() > (stored?.since.getTime() ?? 0)) await publish();
    },
    handleMessage(message, fromBare) {
      const stored = storage.notified(message, fromBare);
      if (!stored) return false;
      if (take(stored)) own.resend().catch(() => undefined);
      // Ours is newer than what another session just stored (it had not heard of our change yet).
      else if (stored.since.getTime() < own.since.getTime()) void publish();
      return true;
    },
    get priority() {
      return priority;
    },
    async setPriority(jids) {
      priority = validatePriority(jids);
      onPriority(priority);
      await publish();
    },
    stored: () => lastPublish,
    noteInput(at, urgent) {
      lastInput = at;
      if (!urgent && at.getTime() - inputPublishedAt < INPUT_PUBLISH_MS) return;
      inputPublishedAt = at.getTime();
      void publish();
    },
  };
}
