import { describe, expect, test } from 'vitest';
// @ts-expect-error plain JS module without types
import jid from './jid-shim.js';

describe('@xmpp/jid shim (browser bundles)', () => {
  test('parses a full JID and gives the bare JID as xmpp.js uses it', () => {
    const j = jid('alice@Example.com/desk/1');
    expect([j.local, j.domain, j.resource]).toEqual(['alice', 'example.com', 'desk/1']);
    expect(j.toString()).toBe('alice@example.com/desk/1');
    expect(j.bare().toString()).toBe('alice@example.com');
    expect(j.equals(jid('alice@example.com/desk/1'))).toBe(true);
  });
  test('domain-only and three-argument forms', () => {
    expect(jid('example.com').toString()).toBe('example.com');
    expect(jid('bob', 'example.com', 'r').toString()).toBe('bob@example.com/r');
  });
});
