/**
 * Vue typings (types only): `import type {} from '@presently/elements/vue'` once (e.g. in `env.d.ts`) and vue-tsc
 * checks the `presently-*` tags' props in templates through Vue's `GlobalComponents`. At run time Vue must also be
 * told they are custom elements: `compilerOptions.isCustomElement: (tag) => tag.startsWith('presently-')`
 * (docs/frameworks/vue.md).
 */
import type { DefineComponent } from 'vue';
import type { ElementProps, PresentlyTags } from './tags.js';

/** A tag as Vue sees it: a component with the element's properties as props. */
export type VueElement<E> = DefineComponent<ElementProps<E>>;

declare module 'vue' {
  interface GlobalComponents {
    'presently-client': VueElement<PresentlyTags['presently-client']>;
    'presently-dot': VueElement<PresentlyTags['presently-dot']>;
    'presently-badge': VueElement<PresentlyTags['presently-badge']>;
    'presently-typing': VueElement<PresentlyTags['presently-typing']>;
    'presently-chat-button': VueElement<PresentlyTags['presently-chat-button']>;
    'presently-chat': VueElement<PresentlyTags['presently-chat']>;
    'presently-status-picker': VueElement<PresentlyTags['presently-status-picker']>;
  }
}
