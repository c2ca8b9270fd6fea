/**
 * The states of the stream parser's scan (parser.ts): XML 1.0 §2.4–2.8 and §3.1 as the tokenizer meets them, one
 * character class at a time, so that a chunk may end anywhere and the next write carries on from here.
 */

/** Where the scan is: what the next character belongs to. */
export const State = {
  Text: 0,
  /** After `<`. */
  Markup: 1,
  StartName: 2,
  /** Inside a start tag, after its name or an attribute. */
  InTag: 3,
  /** After the `/` of `<x/>`. */
  EmptyTag: 4,
  AttributeName: 5,
  /** After an attribute name: whitespace, then `=`. */
  AttributeEquals: 6,
  /** After `=`: whitespace, then a quote. */
  AttributeQuote: 7,
  AttributeValue: 8,
  /** Between `&` and `;`. */
  Reference: 9,
  EndName: 10,
  /** After an end tag's name: whitespace, then `>`. */
  EndTag: 11,
  /** After `<!`. */
  Declaration: 12,
  Cdata: 13,
  /** After `<?`. */
  Instruction: 14,
  /** The stream ended or failed: nothing more is read. */
  Stopped: 15,
} as const;
export type State = (typeof State)[keyof typeof State];
