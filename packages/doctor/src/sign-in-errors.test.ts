// The doctor's words for errors are complete: every ErrorCode of @presently/core has words, a fix and
// a section in docs/servers/troubleshooting.md that the link points to.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ErrorCode, PresenceError } from '@presently/core';
import { SIGN_IN_ERRORS, TROUBLESHOOTING } from './sign-in-errors.js';
import { signInFailure } from './signin.js';

const guide = readFileSync(new URL('../../../docs/servers/troubleshooting.md', import.meta.url), 'utf8');
const sections = new Set([...guide.matchAll(/^## (.+)$/gm)].map((m) => m[1]));

describe('sign-in errors in words', () => {
  it.each(Object.values(ErrorCode))('%s: words, a fix, and a section of the guide the report links to', (code) => {
    expect(SIGN_IN_ERRORS[code].words.length).toBeGreaterThan(10);
    expect(SIGN_IN_ERRORS[code].fix.length).toBeGreaterThan(10);
    expect(sections).toContain(code);
    const finding = signInFailure(new PresenceError(code, 'raw message'));
    expect(finding).toMatchObject({ status: 'fail', check: 'sign-in', detail: `${SIGN_IN_ERRORS[code].words} [${code}]` });
    expect(finding.fix).toBe(`${SIGN_IN_ERRORS[code].fix} — ${TROUBLESHOOTING}#${code}`);
  });

  it('the table has no code that ErrorCode lacks', () => {
    expect(Object.keys(SIGN_IN_ERRORS).sort()).toEqual(Object.values(ErrorCode).sort());
  });

  it('an error from outside Presently keeps its message and links to the "other" section', () => {
    expect(sections).toContain('other');
    expect(signInFailure(new Error('socket hang up'))).toMatchObject({
      detail: 'socket hang up [error]',
      fix: `${TROUBLESHOOTING}#other`,
    });
  });
});
