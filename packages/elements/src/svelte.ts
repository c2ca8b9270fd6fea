/**
 * Svelte 5 typings (types only): `import type {} from '@presently/elements/svelte'` once (e.g. in `src/app.d.ts`)
 * and svelte-check knows the `presently-*` tags, their properties and the `presently-error` event, through
 * `svelte/elements`' `SvelteHTMLElements` (docs/frameworks/svelte.md).
 */
import type { HTMLAttributes } from 'svelte/elements';
import type { PresentlyErrorDetail } from './internal/events.js';
import type { ElementProps, PresentlyTags } from './tags.js';

/** A tag as Svelte sees it: HTML attributes, the element's properties, and its `presently-error` event. */
export type SvelteElement<E extends HTMLElement> = HTMLAttributes<E> &
  ElementProps<E> & { 'onpresently-error'?: (event: CustomEvent<PresentlyErrorDetail>) => void };

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'presently-client': SvelteElement<PresentlyTags['presently-client']>;
    'presently-dot': SvelteElement<PresentlyTags['presently-dot']>;
    'presently-badge': SvelteElement<PresentlyTags['presently-badge']>;
    'presently-typing': SvelteElement<PresentlyTags['presently-typing']>;
    'presently-chat-button': SvelteElement<PresentlyTags['presently-chat-button']>;
    'presently-chat': SvelteElement<PresentlyTags['presently-chat']>;
    'presently-status-picker': SvelteElement<PresentlyTags['presently-status-picker']>;
  }
}
