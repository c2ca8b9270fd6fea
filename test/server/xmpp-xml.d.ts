// Minimal typings for the xmpp.js packages we use (they ship none).
declare module '@xmpp/xml' {
  export class Element {
    name: string;
    attrs: Record<string, string | undefined>;
    children: Array<Element | string>;
    parent: Element | null;
    constructor(name: string, attrs?: Record<string, string | number | undefined>);
    is(name: string, xmlns?: string): boolean;
    getNS(): string | undefined;
    getChild(name: string, xmlns?: string): Element | undefined;
    getChildren(name: string, xmlns?: string): Element[];
    getChildElements(): Element[];
    getChildText(name: string, xmlns?: string | null): string | null;
    getText(): string;
    text(): string;
    text(value: string): Element;
    c(name: string, attrs?: Record<string, string | number | undefined>): Element;
    t(text: string): Element;
    up(): Element;
    root(): Element;
    append(...nodes: Array<Element | string>): Element;
    cnode(child: Element): Element;
    clone(): Element;
    toString(): string;
  }
  type Child = Element | string | number | null | undefined | false | Child[];
  export function xml(name: string, attrs?: Record<string, string | number | undefined> | null, ...children: Child[]): Element;
  export class Parser {
    constructor();
    write(data: string): void;
    end(data?: string): void;
    on(event: 'element' | 'start' | 'end' | 'error', fn: (el: any) => void): void;
  }
  export class XMLError extends Error {}
  export function escapeXML(s: string): string;
  export function escapeXMLText(s: string): string;
  export default xml;
}
