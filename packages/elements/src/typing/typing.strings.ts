/** The typing indicator's entry of the strings table (see strings.ts), added when it loads. */
import { addStrings } from '../strings.js';

export const typingStrings = {
  /** "Bob is typing…". */
  typing: (name: string) => `${name} is typing…`,
};

addStrings(typingStrings);
