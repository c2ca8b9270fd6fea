/**
 * Compiled by `pnpm typecheck` (never run): the typings @presently/elements ships for plain DOM code, Vue and
 * Svelte, and core's typed `WebSocket` option. Each `@ts-expect-error` proves a check, not just an allowance: if
 * the typing were missing or `any`, the directive itself would fail the typecheck. It imports the sources (the
 * package's subpaths are in the comments): the program also holds src/, and the same global augmentations from
 * dist/ would collide with them.
 */
import type { GlobalComponents } from 'vue';
import type { SvelteHTMLElements } from 'svelte/elements';
import { WebSocket as WsWebSocket } from 'ws';
import type { ClientOptions } from '@presently/core';
import type { PresentlyChat, PresentlyStatusPicker, PresentlyDot } from './index.js';
import type {} from './vue.js'; // @presently/elements/vue
import type {} from './svelte.js'; // @presently/elements/svelte
import type { PresentlyDot as BundleDot } from './dot-only.js'; // @presently/elements/presently-dot.js
import { createPresenceClient, setDefaultClient } from './index.js';

// HTMLElementTagNameMap: all seven tags, the two loaded on first use included.
export const chat: PresentlyChat | null = document.querySelector('presently-chat');
export const picker: PresentlyStatusPicker | null = document.querySelector('presently-status-picker');
export const dotSize: string | undefined = document.createElement('presently-dot').size;
// @ts-expect-error -- a chat element is not a status picker (so querySelector is not just `Element`)
export const wrong: PresentlyStatusPicker | null = document.querySelector('presently-chat');
export const bundleDot: BundleDot = document.createElement('presently-dot');

// One import path: the client factory comes from the elements package.
setDefaultClient(createPresenceClient({ service: 'wss://chat.example.com/xmpp-websocket', jid: 'alice@example.com', password: 'x' }));

// Vue: GlobalComponents knows every tag and types its props.
type VueDotProps = InstanceType<GlobalComponents['presently-dot']>['$props'];
export const vueDot: VueDotProps = { jid: 'bob@example.com', size: 'small' };
// @ts-expect-error -- a dot has no such size
export const vueBadSize: VueDotProps = { size: 'huge' };
type VueChatProps = InstanceType<GlobalComponents['presently-chat']>['$props'];
// @ts-expect-error -- jid is a string
export const vueBadJid: VueChatProps = { jid: 42 };

// Svelte: SvelteHTMLElements knows every tag, its properties and its presently-error event.
export const svelteDot: SvelteHTMLElements['presently-dot'] = { jid: 'bob@example.com', size: 'large', class: 'dot' };
export const svelteClient: SvelteHTMLElements['presently-client'] = { 'onpresently-error': (e) => e.detail.code.length };
// @ts-expect-error -- a dot has no such size
export const svelteBad: SvelteHTMLElements['presently-dot'] = { size: 'huge' };
export const svelteStatus: SvelteHTMLElements['presently-status-picker'] = {};
export type Unused = PresentlyDot;

// Core's WebSocket option: ws's class and the DOM's fit, a non-constructor doesn't.
export const withWs: ClientOptions['WebSocket'] = WsWebSocket;
export const withDom: ClientOptions['WebSocket'] = WebSocket;
// @ts-expect-error -- not a WebSocket constructor
export const withString: ClientOptions['WebSocket'] = 'ws';
