/**
 * XEP-0352: Client State Indication 1.0 — tell the server when the page is in the background so it
 * can hold back unimportant traffic. Only sent when the server advertises urn:xmpp:csi:0.
 */
import { xml, type Element } from '../xml.js';
import { NS_CSI } from '../namespaces.js';

export function csiSupported(features: Element | undefined): boolean {
  return !!features?.getChild('csi', NS_CSI);
}

export function csiElement(inactive: boolean): Element {
  return xml(inactive ? 'inactive' : 'active', { xmlns: NS_CSI });
}
