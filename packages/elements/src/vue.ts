/**
 * Vue typings (types only): `import type {} from '@presently/elements/vue'` once (e.g. in `env.d.ts`) and vue-tsc
 * checks the `presently-*` tags' props in templates through Vue's `GlobalComponents`. At run time Vue must also be
 * told they are custom elements: `compilerOptions.isCustomElement: (tag) => tag.startsWith('presently-')`
 * (docs/frameworks/vue.md).
 */
import type { DefineComponent, HTMLAttributes } from 'vue';
import type { ElementProps, PresentlyTags } from './tags.js';

/**
 * A tag as Vue sees it: a component with the element's properties as props, plus the attributes every HTML element
 * takes (`id`, `title`, `aria-*`…; vue-tsc's `strictTemplates` refuses them otherwise).
 */
export type VueElement<E> = DefineComponent<ElementProps<E> & Omit<HTMLAttributes, keyof ElementProps<E>>>;

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
