/**
 * A page that says `<html lang="de">` gets German from importing the locale module alone, no `setLocale` call
 * (its own file: the choice is made once per page, and other tests call setLocale).
 */
import { expect, test } from 'vitest';
import '../dot/dot.define.js';
import { FakeClient } from '../../test-support/fake-client.js';
import { mount } from '../../test-support/fixture.js';
import { setDefaultClient } from '../context.js';
import { strings } from '../strings.js';

test("importing a locale module applies it when it matches the page's lang", async () => {
  document.documentElement.lang = 'de-CH';
  await import('./de.js');
  await import('./fr.js'); // registered, but not the page's language
  expect(strings.locale).toBe('de-CH');
  expect(strings.show.dnd).toBe('Bitte nicht stören');
  const client = new FakeClient();
  client.updatePresence('bob@example.com', { show: 'dnd', name: 'Bob' });
  setDefaultClient(client);
  const dot = await mount('<presently-dot jid="bob@example.com"></presently-dot>');
  expect(dot.getAttribute('aria-label')).toBe('Bob: Bitte nicht stören');
});
