import { describe, expect, test } from 'vitest';
import { bareJid, parseJid, tryBareJid } from './jid.js';
import { PresenceError } from './errors.js';

describe('parseJid', () => {
  test('normalises case and strips the resource for the bare JID', () => {
    expect(parseJid('Bob@Example.COM/Phone')).toEqual({ local: 'bob', domain: 'example.com', resource: 'Phone', bare: 'bob@example.com' });
    expect(bareJid('example.com')).toBe('example.com');
  });
  test.each([
    '',
    ' ',
    'bob@',
    '@example.com',
    'bob@exa mple.com',
    'b<b@example.com',
    'bob@example.com/',
    'bob@-bad-.com',
    'a@b@c.com',
    '<img src=x onerror=alert(1)>',
  ])('rejects %j with invalid-jid', (input) => {
    expect(() => parseJid(input)).toThrow(PresenceError);
    try {
      parseJid(input);
    } catch (e) {
      expect((e as PresenceError).code).toBe('invalid-jid');
    }
  });
  test('rejects non-strings and never throws from tryBareJid', () => {
    expect(() => parseJid(42)).toThrow(/not a string/);
    expect(tryBareJid(undefined)).toBeUndefined();
  });
});
