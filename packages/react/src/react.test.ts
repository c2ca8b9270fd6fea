/**
 * @presently/react in Chromium with react-dom 19: hooks never trigger React's "getSnapshot should be cached"
 * warning, even with a client whose presenceOf() returns a new object on every call (the worst case, which core's
 * store had for unwatched JIDs); the components pass props as properties and events as onPresently… props.
 */
import { PresenceError, type ChatState, type OwnPresence, type Presence, type PresenceClient } from '@presently/core';
import { createElement, StrictMode, useSyncExternalStore, version, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { FakeClient } from '../../elements/test-support/fake-client.js';
import {
  PresenceClientProvider,
  PresentlyDot,
  PresentlyInbox,
  useChatState,
  useOwnPresence,
  usePresence,
  useUnread,
  useUnreadTotal,
} from './index.js';

declare module 'vitest' {
  interface ProvidedContext {
    /** The React major the project runs (the `react18` project aliases react to 18.3.1); default 19. */
    reactMajor?: string;
  }
}

/** A store without a network: presenceOf() builds a fresh snapshot on every call unless a value was set. */
function unstableClient() {
  const presences = new Map<string, Presence>();
  const chatStates = new Map<string, ChatState | undefined>();
  const watchers = new Map<string, Set<(value: never) => void>>();
  const bare = (jid: string) => {
    if (!/^[^@/\s]+@[^@/\s]+/.test(jid)) throw new PresenceError('invalid-jid', `Not a JID: ${jid}`);
    return jid.split('/')[0]!;
  };
  const presenceOf = (jid: string): Presence => presences.get(bare(jid)) ?? { jid: bare(jid), show: 'unknown', resources: [] };
  const subscribe = <T>(key: string, fn: (value: T) => void, current: T) => {
    const set = watchers.get(key) ?? new Set();
    watchers.set(key, set);
    set.add(fn as (value: never) => void);
    fn(current);
    return () => void set.delete(fn as (value: never) => void);
  };
  const notify = (key: string, value: unknown) => {
    for (const fn of watchers.get(key) ?? []) (fn as (value: unknown) => void)(value);
  };
  const unread = new Map<string, number>();
  let own: OwnPresence = { show: 'available' };
  const ownListeners = new Set<(p: OwnPresence) => void>();
  const client = {
    status: 'online',
    jid: 'alice@example.com/test',
    // A fresh copy on every read: the worst case for useSyncExternalStore.
    get ownPresence() {
      return { ...own };
    },
    on(event: string, fn: (p: OwnPresence) => void) {
      if (event === 'own-presence') ownListeners.add(fn);
      return client;
    },
    off(event: string, fn: (p: OwnPresence) => void) {
      if (event === 'own-presence') ownListeners.delete(fn);
      return client;
    },
    unreadOf: (jid: string) => unread.get(bare(jid)) ?? 0,
    watchUnread: (jid: string, fn: (n: number) => void) => subscribe(`u:${bare(jid)}`, fn, unread.get(bare(jid)) ?? 0),
    unreadTotal: () => [...unread.values()].reduce((a, b) => a + b, 0),
    watchUnreadTotal: (fn: (n: number) => void) =>
      subscribe(
        'u*',
        fn,
        [...unread.values()].reduce((a, b) => a + b, 0),
      ),
    presenceOf,
    watch: (jid: string, fn: (p: Presence) => void) => subscribe(`p:${bare(jid)}`, fn, presenceOf(jid)),
    chatStateOf: (jid: string) => chatStates.get(bare(jid)),
    watchChatState: (jid: string, fn: (s: ChatState | undefined) => void) => subscribe(`c:${bare(jid)}`, fn, chatStates.get(bare(jid))),
    detailsOf: () => undefined,
    watchDetails: (_jid: string, fn: (d: undefined) => void) => (fn(undefined), () => {}),
    fetchDetails: () => new Promise(() => {}),
  } as unknown as PresenceClient;
  return {
    client,
    setPresence(jid: string, p: Partial<Presence>) {
      const value = { jid, resources: [], show: 'available', ...p } as Presence;
      presences.set(jid, value);
      notify(`p:${jid}`, value);
    },
    setChatState(jid: string, s: ChatState | undefined) {
      chatStates.set(jid, s);
      notify(`c:${jid}`, s);
    },
    setOwn(p: OwnPresence) {
      own = p;
      for (const fn of ownListeners) fn({ ...own });
    },
    setUnread(jid: string, n: number) {
      unread.set(jid, n);
      notify(`u:${jid}`, n);
      notify(
        'u*',
        [...unread.values()].reduce((a, b) => a + b, 0),
      );
    },
    watchers: () => [...watchers.values()].reduce((n, s) => n + s.size, 0) + ownListeners.size,
  };
}

let container: HTMLElement;
let root: Root;
let errors: string[];
/** Errors React did not let a boundary catch (React 19 reports them to the root instead of throwing). */
let uncaught: unknown[];

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  uncaught = [];
  root = createRoot(container, { onUncaughtError: (error) => void uncaught.push(error) });
  errors = [];
  // React reports its warnings (and render errors) through console.error.
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.map(String).join(' ')));
});

afterEach(() => {
  flushSync(() => root.unmount());
  container.remove();
  vi.restoreAllMocks();
});

/**
 * Renders in StrictMode (effects run twice in development, as in a real app's dev server). An error no boundary
 * caught lands in `uncaught`: React 19 reports it to the root's onUncaughtError, React 18 throws it from here.
 */
function render(node: ReactNode): void {
  try {
    flushSync(() => root.render(createElement(StrictMode, null, node)));
  } catch (error) {
    uncaught.push(error);
  }
}

it(`runs on React ${inject('reactMajor') ?? '19'}`, () => {
  expect(version.split('.')[0]).toBe(inject('reactMajor') ?? '19');
});

const getSnapshotWarnings = () => errors.filter((e) => /getSnapshot should be cached/.test(e));

function PresenceLine({ jid }: { jid: string }): ReactNode {
  const p = usePresence(jid);
  const typing = useChatState(jid);
  return createElement('output', null, `${p.show}${p.status ? ` — ${p.status}` : ''}${typing ? ` (${typing})` : ''}`);
}

describe('hooks', () => {
  it('a naive useSyncExternalStore over presenceOf() warns with this client (what the next test rules out)', () => {
    const { client } = unstableClient();
    function Naive(): ReactNode {
      const p = useSyncExternalStore(
        (fn) => client.watch('bob@example.com', fn),
        () => client.presenceOf('bob@example.com'),
      );
      return p.show;
    }
    render(createElement(Naive));
    expect(getSnapshotWarnings().length).toBeGreaterThan(0);
    // …and then it renders in a loop until React gives up.
    expect(String(uncaught[0])).toMatch(/Maximum update depth exceeded/);
  });

  it('usePresence and useChatState follow the store without the getSnapshot warning, and release their watchers', async () => {
    const fake = unstableClient();
    render(createElement(PresenceClientProvider, { client: fake.client }, createElement(PresenceLine, { jid: 'bob@example.com' })));
    expect(container.querySelector('output')?.textContent).toBe('unknown');
    expect(fake.watchers()).toBe(2);

    fake.setPresence('bob@example.com', { show: 'dnd', status: 'In a meeting' });
    await expect.poll(() => container.querySelector('output')?.textContent).toBe('dnd — In a meeting');
    fake.setChatState('bob@example.com', 'composing');
    await expect.poll(() => container.querySelector('output')?.textContent).toBe('dnd — In a meeting (composing)');
    fake.setChatState('bob@example.com', undefined);
    await expect.poll(() => container.querySelector('output')?.textContent).toBe('dnd — In a meeting');

    flushSync(() => root.render(createElement('p')));
    expect(fake.watchers()).toBe(0);
    expect(getSnapshotWarnings()).toEqual([]);
    expect(errors).toEqual([]);
    expect(uncaught).toEqual([]);
  });

  it('switching to another JID reads that contact', async () => {
    const fake = unstableClient();
    fake.setPresence('carol@example.com', { show: 'away' });
    const app = (jid: string) => createElement(PresenceClientProvider, { client: fake.client }, createElement(PresenceLine, { jid }));
    render(app('bob@example.com'));
    expect(container.querySelector('output')?.textContent).toBe('unknown');
    render(app('carol@example.com'));
    await expect.poll(() => container.querySelector('output')?.textContent).toBe('away');
    expect(fake.watchers()).toBe(2);
    expect(errors).toEqual([]);
  });

  it('without a client the hooks read unknown, the same object on every render', () => {
    const seen: Presence[] = [];
    function Probe(): ReactNode {
      const p = usePresence('bob@example.com');
      seen.push(p);
      return createElement('output', null, `${p.show}/${String(useChatState('bob@example.com'))}`);
    }
    render(createElement(Probe));
    render(createElement(Probe));
    expect(container.querySelector('output')?.textContent).toBe('unknown/undefined');
    expect(new Set(seen).size).toBe(1);
    expect(errors).toEqual([]);
  });

  it('useOwnPresence, useUnread and useUnreadTotal follow the client (ownPresence a new object per read) without warnings', async () => {
    const fake = unstableClient();
    function Own(): ReactNode {
      const own = useOwnPresence();
      const bob = useUnread('bob@example.com');
      const total = useUnreadTotal();
      return createElement('output', null, `${own?.show}${own?.status ? ` — ${own.status}` : ''} · bob ${bob} · all ${total}`);
    }
    render(createElement(PresenceClientProvider, { client: fake.client }, createElement(Own)));
    expect(container.querySelector('output')?.textContent).toBe('available · bob 0 · all 0');

    fake.setOwn({ show: 'dnd', status: 'Focus time', until: new Date(Date.now() + 3_600_000) });
    await expect.poll(() => container.querySelector('output')?.textContent).toBe('dnd — Focus time · bob 0 · all 0');
    fake.setUnread('bob@example.com', 2);
    fake.setUnread('carol@example.com', 1);
    await expect.poll(() => container.querySelector('output')?.textContent).toBe('dnd — Focus time · bob 2 · all 3');
    fake.setOwn({ show: 'available' }); // the "clear after" ended
    fake.setUnread('bob@example.com', 0);
    await expect.poll(() => container.querySelector('output')?.textContent).toBe('available · bob 0 · all 1');

    flushSync(() => root.render(createElement('p')));
    expect(fake.watchers()).toBe(0);
    expect(getSnapshotWarnings()).toEqual([]);
    expect(errors).toEqual([]);
    expect(uncaught).toEqual([]);
  });

  it('without a client: no own presence, no unread', () => {
    function Probe(): ReactNode {
      return createElement('output', null, `${String(useOwnPresence())}/${useUnread('bob@example.com')}/${useUnreadTotal()}`);
    }
    render(createElement(Probe));
    expect(container.querySelector('output')?.textContent).toBe('undefined/0/0');
    expect(errors).toEqual([]);
  });

  it("a malformed JID throws the client's PresenceError (invalid-jid) to the error boundary or the root", () => {
    const { client } = unstableClient();
    render(createElement(PresenceClientProvider, { client }, createElement(PresenceLine, { jid: 'not a jid' })));
    expect(uncaught[0]).toBeInstanceOf(PresenceError);
    expect((uncaught[0] as PresenceError).code).toBe('invalid-jid');
  });
});

describe('components', () => {
  it('PresenceClientProvider hands its client to the elements inside; PresentlyDot shows the contact', async () => {
    const fake = unstableClient();
    fake.setPresence('bob@example.com', { show: 'dnd', status: 'Focus time' });
    render(createElement(PresenceClientProvider, { client: fake.client }, createElement(PresentlyDot, { jid: 'bob@example.com' })));
    const dot = container.querySelector('presently-dot')!;
    await expect.poll(() => dot.getAttribute('show')).toBe('dnd');
    expect(dot.getAttribute('role')).toBe('img');
    // The provider's <presently-client> has no box of its own.
    expect(getComputedStyle(container.querySelector('presently-client')!).display).toBe('contents');
  });

  it("props are element properties (client as an object) and onPresentlyError receives the element's event", async () => {
    const fake = unstableClient();
    fake.setPresence('bob@example.com', { show: 'away' });
    const codes: string[] = [];
    render(
      createElement(
        'div',
        null,
        createElement(PresentlyDot, { jid: 'bob@example.com', client: fake.client, size: 'large' }),
        createElement(PresentlyDot, { jid: 'not a jid', onPresentlyError: (e) => codes.push(e.detail.code) }),
      ),
    );
    const [good, bad] = container.querySelectorAll('presently-dot');
    expect(good!.client).toBe(fake.client);
    await expect.poll(() => good!.getAttribute('show')).toBe('away');
    await expect.poll(() => codes).toContain('invalid-jid');
    expect(bad!.getAttribute('show')).toBe('invalid');
  });
  it('PresentlyInbox lists unread conversations and hands onPresentlyOpenChat the contact', async () => {
    const client = new FakeClient();
    const opened: string[] = [];
    render(
      createElement(PresentlyInbox, {
        client,
        onPresentlyOpenChat: (e) => {
          e.preventDefault();
          opened.push(e.detail.jid);
        },
      }),
    );
    const inbox = container.querySelector('presently-inbox')!;
    await expect.poll(() => inbox.shadowRoot?.querySelector('[part="empty"]')?.textContent).toBe('No unread messages');
    client.receive('bob@example.com', 'Are you free?');
    await expect.poll(() => inbox.shadowRoot!.querySelectorAll('li').length).toBe(1);
    expect(inbox.shadowRoot!.querySelector('li')!.textContent).toContain('Are you free?');
    inbox.shadowRoot!.querySelector<HTMLButtonElement>('li button')!.click();
    expect(opened).toEqual(['bob@example.com']);
  });
});
