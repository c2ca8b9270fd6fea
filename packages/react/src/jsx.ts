/**
 * JSX types for the raw tags, so `<presently-dot jid="bob@example.com" />` type-checks in React 19 (and 18 with
 * @types/react ≥ 18.2.7, which has `React.JSX`) without declarations of your own. Imported by the package entry;
 * `import '@presently/react/jsx'` brings the types alone.
 *
 * React 19 sets a custom element's known properties as properties (`client={client}` works) and adds `on<event>`
 * props as listeners under the exact event name, e.g. `onpresently-open-chat`. React 18 sets everything as
 * attributes and ignores event props: use the components from `@presently/react` there.
 */
import type { WebComponentProps } from '@lit/react';
import type {
  PresentlyBadge,
  PresentlyChat,
  PresentlyChatButton,
  PresentlyChatDetail,
  PresentlyClient,
  PresentlyDot,
  PresentlyErrorDetail,
  PresentlyEventMap,
  PresentlyStatusPicker,
  PresentlyTyping,
} from '@presently/elements';

/** The raw tag's props: its element's properties, plus the `presently-error` listener every element may fire. */
type Tag<E extends HTMLElement, Events = object> = WebComponentProps<E> & {
  'onpresently-error'?: (event: CustomEvent<PresentlyErrorDetail>) => void;
} & Events;

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- the only way to augment React's JSX types
  namespace JSX {
    interface IntrinsicElements {
      'presently-client': Tag<PresentlyClient>;
      'presently-dot': Tag<PresentlyDot>;
      'presently-badge': Tag<PresentlyBadge>;
      'presently-typing': Tag<PresentlyTyping>;
      'presently-chat-button': Tag<PresentlyChatButton, { 'onpresently-open-chat'?: (event: CustomEvent<PresentlyChatDetail>) => void }>;
      'presently-chat': Tag<PresentlyChat, { 'onpresently-close-chat'?: (event: CustomEvent<PresentlyChatDetail>) => void }>;
      'presently-status-picker': Tag<
        PresentlyStatusPicker,
        { 'onpresently-status-change'?: (event: PresentlyEventMap['presently-status-change']) => void }
      >;
    }
  }
}

export {};
