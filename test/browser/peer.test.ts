// The browser project's shared Prosody (test/server/global-setup.ts) and its commands
// (test/browser/commands.ts), seen from a test running in Chromium.
import { afterEach, describe, expect, inject, it } from 'vitest';
import { commands } from 'vitest/browser';

const prosody = inject('prosody');

/** Opens an RFC 7395 WebSocket from this page and resolves with the first stanza-level frame after <open/>. */
function firstFeatures(url: string, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, 'xmpp');
    const timer = setTimeout(() => {
      ws.close();
      reject(new Error(`no stream features within ${timeoutMs} ms (readyState ${ws.readyState})`));
    }, timeoutMs);
    ws.onerror = () => {
      clearTimeout(timer);
      reject(new Error('WebSocket error'));
    };
    ws.onopen = () => ws.send(`<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="${prosody.host}" version="1.0"/>`);
    ws.onmessage = (event) => {
      const frame = String(event.data);
      if (frame.includes('features')) {
        clearTimeout(timer);
        ws.close();
        resolve(frame);
      }
    };
  });
}

afterEach(async () => {
  await commands.peerStopAll();
});

describe('shared test Prosody', () => {
  it('is injected with its address and accounts', () => {
    expect(prosody.host).toBe('localhost');
    expect(prosody.wsUrl).toBe(`ws://127.0.0.1:${prosody.httpPort}/xmpp-websocket`);
    expect(prosody.users.map((u) => u.username)).toEqual(expect.arrayContaining(['alice', 'bob', 'carol', 'mallory']));
    expect(prosody.users.find((u) => u.username === 'bob')).toMatchObject({ password: 'bob-pw', name: 'Bob Baker', group: 'Team' });
  });

  it('accepts a cross-origin WebSocket from the test page and offers PLAIN there', async () => {
    expect(location.origin).not.toBe(`http://127.0.0.1:${prosody.httpPort}`);
    const features = await firstFeatures(prosody.wsUrl);
    expect(features).toContain('<mechanism>PLAIN</mechanism>');
    expect(features).toContain('<mechanism>SCRAM-SHA-1</mechanism>');
  });

  it('answers cross-origin BOSH requests', async () => {
    const response = await fetch(prosody.boshUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml; charset=utf-8' },
      body: `<body xmlns="http://jabber.org/protocol/httpbind" to="${prosody.host}" rid="1000" wait="1" hold="1" ver="1.6" xmlns:xmpp="urn:xmpp:xbosh" xmpp:version="1.0"/>`,
    });
    expect(response.ok).toBe(true);
    expect(await response.text()).toContain('<mechanism>PLAIN</mechanism>');
  });
});

describe('peer commands', () => {
  it('connect two peers that see each other and exchange a message', async () => {
    const bob = await commands.peerConnect('bob');
    expect(bob.jid).toBe('bob@localhost');
    await commands.peerConnect('alice');
    await commands.peerWaitForPresence('alice', { from: 'bob', type: 'available' });

    const id = await commands.peerSendMessage('bob', 'alice', 'Got a minute?');
    const received = await commands.peerWaitForMessage('alice', { from: 'bob' });
    expect(received).toMatchObject({ id, body: 'Got a minute?', type: 'chat', chatState: 'active' });
    expect(received.from).toBe(bob.fullJid);
    expect(await commands.peerMessages('carol').catch((e: Error) => e.message)).toMatch(/not connected/);
  });

  it('set presence, idle time and chat states that other peers receive', async () => {
    await commands.peerConnect('carol');
    await commands.peerConnect('dave');
    await commands.peerWaitForPresence('dave', { from: 'carol' });
    const idleSince = '2024-01-02T03:04:05.000Z';
    await commands.peerPresence('carol', { show: 'dnd', status: 'In a meeting', priority: 5, idleSince });
    expect(await commands.peerWaitForPresence('dave', { from: 'carol', show: 'dnd' })).toMatchObject({
      status: 'In a meeting',
      priority: 5,
      idleSince,
    });
    await commands.peerChatState('carol', 'dave', 'composing');
    expect(await commands.peerWaitForMessage('dave', { from: 'carol', chatState: 'composing' })).not.toHaveProperty('body');
    await commands.peerUnavailable('carol', 'bye');
    expect(await commands.peerWaitForPresence('dave', { from: 'carol', type: 'unavailable' })).toMatchObject({ status: 'bye' });
  });

  it('read rosters, send raw stanzas and IQs', async () => {
    await commands.peerConnect('mallory');
    expect(await commands.peerRoster('mallory')).toEqual([]);
    await commands.peerConnect('eve');
    const roster = await commands.peerRoster('eve');
    expect(roster.find((r) => r.jid === 'frank@localhost')).toEqual({
      jid: 'frank@localhost',
      name: 'Frank Fisher',
      subscription: 'both',
      groups: ['Team'],
    });
    expect(roster.some((r) => r.jid === 'mallory@localhost')).toBe(false);
    const time = await commands.peerIq('mallory', `<iq type="get" to="${prosody.host}" id="t1"><time xmlns="urn:xmpp:time"/></iq>`);
    expect(time).toContain('<utc>');
    await commands.peerSend('mallory', `<message to="eve@localhost" type="chat"><body>raw</body></message>`);
    expect((await commands.peerWaitForMessage('eve', { from: 'mallory' })).body).toBe('raw');
  });

  it('runs two resources of one account side by side', async () => {
    await commands.peerConnect('frank/desk');
    await commands.peerConnect('frank/phone', { presence: { show: 'away', priority: -1 } });
    await commands.peerConnect('grace');
    await commands.peerWaitForPresence('grace', { from: 'frank@localhost/phone', show: 'away' });
    await commands.peerWaitForPresence('grace', { from: 'frank@localhost/desk', type: 'available' });
  });
});

describe('server commands', () => {
  it('prosodyPause() silences the server and prosodyResume() wakes it', async () => {
    await commands.prosodyPause();
    try {
      await expect(firstFeatures(prosody.wsUrl, 750)).rejects.toThrow(/no stream features/);
    } finally {
      await commands.prosodyResume();
    }
    expect(await firstFeatures(prosody.wsUrl)).toContain('PLAIN');
  });

  it('prosodyKill() takes the server away and prosodyRestart() brings it back', async () => {
    await commands.peerConnect('heidi');
    await commands.prosodyKill();
    try {
      expect(await commands.prosodyRunning()).toBe(false);
      await expect(firstFeatures(prosody.wsUrl)).rejects.toThrow(/WebSocket error/);
    } finally {
      await commands.prosodyRestart();
    }
    expect(await commands.prosodyRunning()).toBe(true);
    expect(await firstFeatures(prosody.wsUrl)).toContain('PLAIN');
    await commands.peerStop('heidi');
    await commands.peerConnect('heidi');
  });
});
