// Minimal ambient typings for the xmpp.js transport packages connection/ builds on (they ship none).
// Only what we touch is declared; underscore members are xmpp.js internals we override on purpose.

declare module '@xmpp/client-core' {
  import type { Element } from '@xmpp/xml';

  /** A transport class as `entity.transports` holds them (ConnectionWebSocket, ConnectionTCP, …). */
  export type TransportClass = {
    prototype: { socketParameters(service: string): unknown; Socket: unknown; Parser: unknown };
  };

  export class Client {
    constructor(options?: { service?: string; domain?: string; lang?: string; timeout?: number });
    transports: TransportClass[];
    Transport: TransportClass | undefined;
    socket: any;
    parser: any;
    root: Element | null;
    status: string;
    timeout: number;
    options: { service?: string; domain?: string; lang?: string };
    connect(service: string): Promise<void>;
    open(options: { domain?: string; lang?: string }): Promise<Element>;
    restart(): Promise<Element>;
    send(element: Element): Promise<void>;
    write(data: string): Promise<void>;
    footer(element: Element | undefined): string;
    footerElement(): Element | undefined;
    on(event: string, fn: (...args: any[]) => void): this;
    off(event: string, fn: (...args: any[]) => void): this;
    emit(event: string, ...args: unknown[]): boolean;
    removeAllListeners(event?: string): this;
    _status(status: string, ...args: unknown[]): void;
    _attachSocket(socket: any): void;
    _detachSocket(): void;
    _attachParser(parser: any): void;
    _detachParser(): void;
    _onData(data: unknown): void;
    _onElement(element: Element): void;
  }
  export { xml } from '@xmpp/xml';
}

declare module '@xmpp/websocket/lib/Connection.js' {
  import type { TransportClass } from '@xmpp/client-core';
  const ConnectionWebSocket: TransportClass & (new (...args: any[]) => object);
  export default ConnectionWebSocket;
}

declare module '@xmpp/websocket/lib/Socket.js' {
  /** Wraps a DOM-style WebSocket; `connect(url)` calls the global `WebSocket`, which we override. */
  export default class Socket {
    socket: any;
    url: string | null;
    secure: boolean;
    connect(url: string): void;
    _attachSocket(socket: unknown): void;
    end(): void;
    write(data: string, fn?: (err?: Error) => void): void;
  }
}

// What connection/parser.ts uses of @xmpp/xml's Parser beyond core's declaration in ../xmpp.d.ts.
declare module '@xmpp/xml' {
  interface Parser {
    root: Element | null;
    cursor: Element | null;
    onStartElement(name: string, attrs: Record<string, string>): void;
    onEndElement(name: string): void;
    onText(text: string): void;
    emit(event: string, ...args: unknown[]): boolean;
    removeAllListeners(event?: string): this;
  }
}
