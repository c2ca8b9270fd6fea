// Minimal typings for the parts of @xmpp/client 0.14 (ships none) that the test peer driver uses.
declare module '@xmpp/client' {
  export interface XmlElement {
    name: string;
    attrs: Record<string, string | undefined>;
    children: Array<XmlElement | string>;
    is(name: string, xmlns?: string): boolean;
    getChild(name: string, xmlns?: string): XmlElement | undefined;
    getChildren(name: string, xmlns?: string): XmlElement[];
    getChildText(name: string, xmlns?: string | null): string | null;
    getText(): string;
    text(): string;
    append(...nodes: Array<XmlElement | string>): XmlElement;
    toString(): string;
  }
  type Child = XmlElement | string | number | null | undefined | false | Child[];
  export function xml(name: string, attrs?: Record<string, string | number | undefined> | null, ...children: Child[]): XmlElement;

  export interface Jid {
    toString(): string;
    bare(): Jid;
    getLocal(): string;
    getDomain(): string;
    getResource(): string;
  }

  export type Authenticate = (credentials: { username: string; password: string }, mechanism: string) => Promise<void>;

  export interface ClientOptions {
    service: string;
    domain?: string;
    resource?: string;
    username?: string;
    password?: string;
    credentials?: (authenticate: Authenticate, mechanisms: string[]) => Promise<void>;
    timeout?: number;
  }

  export interface XmppClient {
    jid: Jid | null;
    status: string;
    socket: { end(): void; destroy?(): void; pause?(): void; socket?: { close?(): void; terminate?(): void } } | null;
    start(): Promise<Jid>;
    stop(): Promise<unknown>;
    send(element: XmlElement): Promise<void>;
    on(event: 'stanza', fn: (stanza: XmlElement) => void): void;
    on(event: 'online', fn: (jid: Jid) => void): void;
    on(event: 'offline' | 'disconnect', fn: () => void): void;
    on(event: 'status', fn: (status: string) => void): void;
    on(event: 'error', fn: (err: Error) => void): void;
    iqCaller: {
      request(element: XmlElement, timeout?: number): Promise<XmlElement>;
      /** Sends `<iq type='get'>` around `child`; resolves with the result's child. */
      get(child: XmlElement, to?: string, timeout?: number): Promise<XmlElement>;
      set(child: XmlElement, to?: string, timeout?: number): Promise<XmlElement>;
    };
    iqCallee: {
      get(
        xmlns: string,
        name: string,
        handler: (context: { stanza: XmlElement }) => XmlElement | Record<string, never> | Promise<XmlElement>,
      ): void;
      set(
        xmlns: string,
        name: string,
        handler: (context: { stanza: XmlElement }) => XmlElement | Record<string, never> | Promise<XmlElement>,
      ): void;
    };
    reconnect: { stop(): void; start(): void; delay: number };
    streamManagement: { enabled: boolean; id: string };
  }

  export function client(options: ClientOptions): XmppClient;
}
