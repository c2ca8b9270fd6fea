import { describe, expect, it, vi } from 'vitest';
import { createScramClient, decodeScramPayload, MAX_ITERATIONS, scramName, ScramError } from './scram.js';
import { fromBase64, saslprep, toBase64 } from './sasl-strings.js';

describe('SCRAM-SHA-1 (RFC 5802 §5 test vector)', () => {
  const nonce = 'fyko+d2lbbFgONRv9qkxdawL';
  const serverFirst = 'r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096';

  it('produces the RFC client-first and client-final messages and accepts the RFC server signature', async () => {
    const c = createScramClient('SHA-1', 'user', 'pencil', nonce);
    expect(c.mechanism).toBe('SCRAM-SHA-1');
    expect(c.clientFirst).toBe('n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL');
    expect(await c.respond(serverFirst)).toBe('c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=');
    c.verify('v=rmF9pqV8S7suAoZWja4dJRkFsKQ=');
    expect(c.verified).toBe(true);
  });

  it('rejects a wrong server signature', async () => {
    const c = createScramClient('SHA-1', 'user', 'pencil', nonce);
    await c.respond(serverFirst);
    expect(() => c.verify('v=AAAAAAAAAAAAAAAAAAAAAAAAAAA=')).toThrow(/signature mismatch/);
    expect(c.verified).toBe(false);
  });
});

describe('SCRAM-SHA-256 (RFC 7677 §3 test vector)', () => {
  const nonce = 'rOprNGfwEbeRWgbNEkqO';
  const serverFirst = 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096';

  it('produces the RFC client-final message and accepts the RFC server signature', async () => {
    const c = createScramClient('SHA-256', 'user', 'pencil', nonce);
    expect(c.mechanism).toBe('SCRAM-SHA-256');
    expect(c.clientFirst).toBe('n,,n=user,r=rOprNGfwEbeRWgbNEkqO');
    expect(await c.respond(serverFirst)).toBe(
      'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
    );
    c.verify('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=');
    expect(c.verified).toBe(true);
  });

  it('a wrong password gives a different proof (the vector test can fail)', async () => {
    const c = createScramClient('SHA-256', 'user', 'pencil2', nonce);
    expect(await c.respond(serverFirst)).not.toContain('p=dHzbZapWIk4jUhN');
  });

  it('computes the salted password with one native PBKDF2 call, not thousands of awaited HMACs', async () => {
    // What makes a login fast; the time itself is measured by `pnpm bench`, never asserted here.
    const subtle = globalThis.crypto.subtle;
    const derive = vi.spyOn(subtle, 'deriveBits');
    const sign = vi.spyOn(subtle, 'sign');
    await createScramClient('SHA-256', 'user', 'pencil', nonce).respond(serverFirst);
    expect(derive).toHaveBeenCalledTimes(1);
    expect(derive.mock.calls[0]![0]).toMatchObject({ name: 'PBKDF2', iterations: 4096 });
    expect(sign.mock.calls.length).toBeLessThan(10);
    derive.mockRestore();
    sign.mockRestore();
  });

  it('surfaces a server error (e=) as a rejection', async () => {
    const c = createScramClient('SHA-256', 'user', 'pencil', nonce);
    await c.respond(serverFirst);
    expect(() => c.verify('e=invalid-proof')).toThrow(/invalid-proof/);
  });
});

describe('SCRAM input validation', () => {
  const nonce = 'abcdefghijklmnop';
  const respond = (serverFirst: string) => createScramClient('SHA-256', 'user', 'pencil', nonce).respond(serverFirst);

  it('refuses a server nonce that does not extend ours', async () => {
    await expect(respond('r=zzzzzzzzzzzzzzzzzzzz,s=QSXCR+Q6sek8bf92,i=4096')).rejects.toThrow(ScramError);
    await expect(respond(`r=${nonce},s=QSXCR+Q6sek8bf92,i=4096`)).rejects.toThrow(/extend/);
  });

  it('refuses too few or too many iterations', async () => {
    await expect(respond(`r=${nonce}xyz,s=QSXCR+Q6sek8bf92,i=4095`)).rejects.toThrow(/at least 4096/);
    await expect(respond(`r=${nonce}xyz,s=QSXCR+Q6sek8bf92,i=${MAX_ITERATIONS + 1}`)).rejects.toThrow(/at most/);
    await expect(respond(`r=${nonce}xyz,s=QSXCR+Q6sek8bf92,i=-5`)).rejects.toThrow(/iteration/);
  });

  it('refuses mandatory extensions, missing attributes, bad salt', async () => {
    await expect(respond(`m=ext,r=${nonce}xyz,s=QSXCR+Q6sek8bf92,i=4096`)).rejects.toThrow(/extension/);
    await expect(respond(`r=${nonce}xyz,i=4096`)).rejects.toThrow(/lacks/);
    await expect(respond(`r=${nonce}xyz,s=***,i=4096`)).rejects.toThrow(/salt/);
  });

  it('answers only once (the password is forgotten after the first answer)', async () => {
    const c = createScramClient('SHA-256', 'user', 'pencil', nonce);
    await c.respond(`r=${nonce}xyz,s=QSXCR+Q6sek8bf92,i=4096`);
    await expect(c.respond(`r=${nonce}xyz,s=QSXCR+Q6sek8bf92,i=4096`)).rejects.toThrow(/already/);
  });

  it('escapes , and = in the username and decodes payloads strictly', () => {
    expect(scramName('a,b=c')).toBe('a=2Cb=3Dc');
    expect(decodeScramPayload(toBase64('r=x,s=y'))).toBe('r=x,s=y');
    expect(() => decodeScramPayload('not base64!')).toThrow(ScramError);
  });
});

describe('SASLprep and base64', () => {
  it('maps non-ASCII spaces, removes soft hyphens, normalises NFKC, refuses controls', () => {
    expect(saslprep('I\u00adX')).toBe('IX');
    expect(saslprep('a\u00a0b')).toBe('a b');
    expect(saslprep('\u2168')).toBe('IX');
    expect(() => saslprep('a\u0007b')).toThrow();
  });

  it('round-trips UTF-8 through base64 and refuses whitespace', () => {
    expect(new TextDecoder().decode(fromBase64(toBase64('pässwörd ✓')))).toBe('pässwörd ✓');
    expect(() => fromBase64('cGFz c3dvcmQ=')).toThrow();
  });
});
