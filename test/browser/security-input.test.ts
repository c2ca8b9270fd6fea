// Invalid JIDs from the host page: in attributes they show an "invalid" state and dispatch
// `presently-error` with `invalid-jid`, never throwing from rendering; in API calls they fail with a
// PresenceError whose code is `invalid-jid`.
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPresenceClient, PresenceError, type PresenceClient } from '../../packages/elements/src/presently.js';
import { sleep, waitUntil } from '../reliability/browser-helpers.js';

const prosody = inject('prosody');
const BOB = `bob@${prosody.host}`;

const BAD_JIDS = [
  'not a jid',
  'a@b@c',
  '@example.com',
  'bob@exa mple.com',
  'bob@example..com',
  `<img src=x onerror="window.__pwned=1">@evil`,
  'x'.repeat(5000),
];
const TAGS = ['presently-dot', 'presently-badge', 'presently-typing', 'presently-chat-button', 'presently-chat'];

let root: HTMLElement;
let pageErrors: string[];
let client: PresenceClient;
const onError = (e: ErrorEvent) => pageErrors.push(String(e.message));
const onRejection = (e: PromiseRejectionEvent) => pageErrors.push(String(e.reason));

beforeAll(() => {
  // Never started: elements and API calls must cope without a connection too.
  client = createPresenceClient({
    service: prosody.wsUrl,
    jid: `alice@${prosody.host}`,
    credentials: async () => ({ password: 'unused' }),
  });
});

afterEach(() => {
  root?.remove();
  window.removeEventListener('error', onError);
  window.removeEventListener('unhandledrejection', onRejection);
});

function mount(): void {
  pageErrors = [];
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  root = document.createElement('main');
  document.body.append(root);
}

function element(tag: string, jid: string): { el: HTMLElement; codes: string[] } {
  const el = document.createElement(tag) as HTMLElement & { client: PresenceClient };
  el.client = client;
  const codes: string[] = [];
  el.addEventListener('presently-error', (e) => codes.push((e as CustomEvent<{ code: string }>).detail.code));
  el.setAttribute('jid', jid);
  root.append(el);
  return { el, codes };
}

describe('invalid JIDs in attributes', () => {
  for (const tag of TAGS) {
    it(`<${tag}> shows "invalid" and reports invalid-jid for each bad value, without throwing`, async () => {
      mount();
      const made = BAD_JIDS.map((jid) => element(tag, jid));
      await waitUntil(() => made.every(({ el }) => el.getAttribute('show') === 'invalid'), 3000, 'every element invalid');
      for (const { codes } of made) expect(codes).toEqual(['invalid-jid']);
      await sleep(50);
      expect(pageErrors).toEqual([]);
      expect(root.querySelectorAll('img')).toHaveLength(0);
      for (const { el } of made) expect(el.shadowRoot!.querySelectorAll('img[src="x"]')).toHaveLength(0);
    });
  }

  it('the dot says so to assistive technology and draws a cross', async () => {
    mount();
    const { el } = element('presently-dot', 'not a jid');
    await waitUntil(() => el.getAttribute('show') === 'invalid', 3000, 'invalid');
    expect(el.getAttribute('role')).toBe('img');
    expect(el.getAttribute('aria-label')).toBe('not a jid: Invalid address');
    expect(el.shadowRoot!.querySelector('[part="dot"]')!.getAttribute('data-shape')).toBe('cross');
  });

  it('a JID that turns invalid and back: invalid, reported once, then the contact again', async () => {
    mount();
    const { el, codes } = element('presently-dot', BOB);
    await waitUntil(() => el.getAttribute('show') === 'unknown', 3000, 'unknown (not connected)');
    el.setAttribute('jid', 'bob at example');
    await waitUntil(() => el.getAttribute('show') === 'invalid', 3000, 'invalid');
    el.setAttribute('jid', BOB);
    await waitUntil(() => el.getAttribute('show') === 'unknown', 3000, 'valid again');
    expect(codes).toEqual(['invalid-jid']);
    expect(pageErrors).toEqual([]);
  });

  it('an empty or blank jid is "no contact yet", not an error', async () => {
    mount();
    const made = ['', '   '].map((jid) => element('presently-dot', jid));
    await sleep(100);
    for (const { el, codes } of made) {
      expect(el.getAttribute('show')).toBe('unknown');
      expect(codes).toEqual([]);
    }
  });

  it('<presently-client> with an invalid jid reports invalid-jid and provides nothing', async () => {
    mount();
    const provider = document.createElement('presently-client');
    const codes: string[] = [];
    provider.addEventListener('presently-error', (e) => codes.push((e as CustomEvent<{ code: string }>).detail.code));
    provider.setAttribute('service', prosody.wsUrl);
    provider.setAttribute('credentials-url', 'data:application/json,{}');
    provider.setAttribute('jid', 'not a jid');
    const dot = document.createElement('presently-dot');
    dot.setAttribute('jid', BOB);
    provider.append(dot);
    root.append(provider);
    await waitUntil(() => codes.length > 0, 3000, 'presently-error');
    expect(codes).toEqual(['invalid-jid']);
    expect(dot.getAttribute('show')).toBe('unknown');
    expect(pageErrors).toEqual([]);
  });
});

describe('invalid JIDs in API calls', () => {
  /** The error code of a call, whether it throws at once or rejects. */
  async function codeOf(call: () => unknown): Promise<string> {
    try {
      await call();
    } catch (e) {
      return e instanceof PresenceError ? e.code : `not a PresenceError: ${String(e)}`;
    }
    return 'no error';
  }

  it('createPresenceClient with an invalid account JID throws invalid-jid', async () => {
    expect(await codeOf(() => createPresenceClient({ service: prosody.wsUrl, jid: 'not a jid', password: 'x' }))).toBe('invalid-jid');
    expect(await codeOf(() => createPresenceClient({ service: prosody.wsUrl, jid: 'example.com', password: 'x' }))).toBe('invalid-jid');
  });

  const calls: Array<[string, (c: PresenceClient, jid: string) => unknown]> = [
    ['presenceOf', (c, j) => c.presenceOf(j)],
    ['watch', (c, j) => c.watch(j, () => {})],
    ['chatStateOf', (c, j) => c.chatStateOf(j)],
    ['watchChatState', (c, j) => c.watchChatState(j, () => {})],
    ['detailsOf', (c, j) => c.detailsOf(j)],
    ['watchDetails', (c, j) => c.watchDetails(j, () => {})],
    ['fetchDetails', (c, j) => c.fetchDetails(j)],
    ['sendMessage', (c, j) => c.sendMessage(j, 'hello')],
    ['sendChatState', (c, j) => c.sendChatState(j, 'composing')],
    ['history', (c, j) => c.history(j)],
    ['requestSubscription', (c, j) => c.requestSubscription(j)],
    ['approveSubscription', (c, j) => c.approveSubscription(j)],
    ['denySubscription', (c, j) => c.denySubscription(j)],
  ];
  for (const [name, call] of calls) {
    it(`${name} fails with invalid-jid for every bad value`, async () => {
      const codes = await Promise.all(BAD_JIDS.map((jid) => codeOf(() => call(client, jid))));
      expect(codes).toEqual(BAD_JIDS.map(() => 'invalid-jid'));
      expect(await codeOf(() => call(client, undefined as unknown as string))).toBe('invalid-jid');
    });
  }
});
