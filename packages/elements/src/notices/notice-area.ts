/**
 * The notice area: small notices in a corner of the page that never take keyboard focus. Nothing here calls
 * `focus()`: a notice is announced politely (`role="log"`, `aria-live="polite"`) and its buttons are reachable
 * with Tab like any other. Everything shown is set as text (`textContent`), never as markup: names and message
 * bodies come from the network. Built with plain DOM so the chunk stays small; styles are adopted
 * (constructable stylesheets), which works under a strict Content-Security-Policy.
 */
import { adoptStyles } from '@lit/reactive-element';
import { strings } from '../strings.js';
import './notices.strings.js';
import { noticesStyles } from './notices.styles.js';

const AREA_ATTR = 'data-presently-notices';
/** Notices shown at once; a newer one pushes out the oldest. */
const MAX_NOTICES = 3;
/** How long a notice stays, unless the pointer or keyboard focus is on it. */
export const NOTICE_MS = 8_000;

/** What {@link showNotice} shows. */
export interface NoticeOptions {
  /** One notice per key: a newer one with the same key replaces it (e.g. one per contact). */
  key: string;
  title: string;
  body?: string;
  /** Shows an "Open chat" button that calls this. */
  onOpen?: () => void;
  durationMs?: number;
}

function area(): HTMLElement {
  const existing = document.body.querySelector<HTMLElement>(`:scope > [${AREA_ATTR}]`);
  const list = existing?.shadowRoot?.querySelector<HTMLElement>('[part="list"]');
  if (list) return list;
  const host = document.createElement('div');
  host.setAttribute(AREA_ATTR, '');
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, [noticesStyles]);
  const region = document.createElement('div');
  region.setAttribute('part', 'list');
  region.setAttribute('role', 'log');
  region.setAttribute('aria-live', 'polite');
  region.setAttribute('aria-label', strings.notices.region);
  root.append(region);
  document.body.append(host);
  return region;
}

function button(part: string, text: string, label?: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.setAttribute('part', part);
  b.textContent = text;
  if (label) b.setAttribute('aria-label', label);
  return b;
}

/** True when keyboard focus is inside `notice`: removing it then would throw focus back to the page's start. */
function holdsFocus(notice: Element): boolean {
  return notice.contains((notice.getRootNode() as ShadowRoot).activeElement);
}

/** Make room for a new notice with `key`, never removing the one the user has tabbed into. */
function makeRoom(list: HTMLElement, key: string): void {
  const others = Array.from(list.children).filter((old) => !holdsFocus(old));
  for (const old of others) if ((old as HTMLElement).dataset.key === key) old.remove();
  for (const old of others) if (old.isConnected && list.childElementCount >= MAX_NOTICES) old.remove();
}

/** Show a notice; returns a function that removes it. Never moves focus. */
export function showNotice({ key, title, body, onOpen, durationMs = NOTICE_MS }: NoticeOptions): () => void {
  const list = area();
  makeRoom(list, key);

  const notice = document.createElement('div');
  notice.setAttribute('part', 'notice');
  notice.dataset.key = key;
  const heading = document.createElement('p');
  heading.setAttribute('part', 'title');
  heading.textContent = title;
  const dismiss = button('dismiss', '×', strings.notices.dismiss);
  notice.append(heading, dismiss);
  if (body) {
    const text = document.createElement('p');
    text.setAttribute('part', 'body');
    text.textContent = body;
    notice.append(text);
  }
  const close = () => {
    clearTimeout(timer);
    notice.remove();
  };
  dismiss.addEventListener('click', close);
  if (onOpen) {
    const open = button('open', strings.notices.open);
    open.addEventListener('click', () => {
      close();
      onOpen();
    });
    notice.append(open);
  }
  // A notice the user is reading or has tabbed into stays until they leave it.
  let timer = setTimeout(close, durationMs);
  const hold = () => clearTimeout(timer);
  const release = () => {
    if (!notice.matches(':hover') && !holdsFocus(notice)) timer = setTimeout(close, durationMs);
  };
  notice.addEventListener('pointerenter', hold);
  notice.addEventListener('focusin', hold);
  notice.addEventListener('pointerleave', release);
  notice.addEventListener('focusout', () => queueMicrotask(release));
  list.append(notice);
  return close;
}
