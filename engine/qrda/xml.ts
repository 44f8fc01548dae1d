// Untrusted XML as a small element tree, parsed with saxes (a strict, streaming, non-validating
// parser): no DTD (a DOCTYPE is refused outright), no entity but XML's five and character
// references (saxes knows no others and never fetches anything), and bounds on size, depth,
// elements and attributes checked while parsing, so a hostile document stops at the bound.
import { SaxesParser, type SaxesTagNS } from 'saxes';

export interface XmlElement {
  /** Local name (templateId, not hl7:templateId). */
  name: string;
  /** Namespace URI ('' for none). */
  uri: string;
  /** Attributes by their name as written (root, extension, xsi:type). */
  attributes: Record<string, string>;
  children: XmlElement[];
  parent?: XmlElement;
  /** Where the start tag ends, 1-based (saxes's position). */
  line: number;
  column: number;
  /** The element's path, e.g. /ClinicalDocument/component/structuredBody/component[3]/section. */
  path: string;
}

export interface XmlLimits {
  /** Characters of the document. */
  maxChars: number;
  /** Nesting of elements (QRDA III files nest about 15 deep). */
  maxDepth: number;
  maxElements: number;
  maxAttributes: number;
}

/** Bounds for QRDA III documents: CMS's largest public sample (84 activities, PI and IA, 1.2 MB) fits 4 times over. */
export const XML_LIMITS: XmlLimits = { maxChars: 8 * 1024 * 1024, maxDepth: 64, maxElements: 200_000, maxAttributes: 64 };

export type XmlErrorCode = 'XML_TOO_LARGE' | 'XML_TOO_DEEP' | 'XML_TOO_MANY_ELEMENTS' | 'XML_TOO_MANY_ATTRIBUTES' | 'XML_DOCTYPE' | 'XML_SYNTAX';

/** A document that is not well-formed XML, or that passes a bound; line and column say where. */
export class XmlError extends Error {
  constructor(readonly code: XmlErrorCode, message: string, readonly line?: number, readonly column?: number) {
    super(message);
    this.name = 'XmlError';
  }
}

/** Parses a whole document into its root element; throws XmlError. */
export function parseXml(text: string, limits: XmlLimits = XML_LIMITS): XmlElement {
  if (text.length > limits.maxChars) throw new XmlError('XML_TOO_LARGE', `the document has ${text.length} characters; at most ${limits.maxChars}`);
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let elements = 0;
  // Counters per parent: how many children of each name, for the path's [n].
  const counts = new WeakMap<XmlElement, Map<string, number>>();
  const fail = (code: XmlErrorCode, message: string): never => {
    throw new XmlError(code, message, parser.line, parser.column);
  };
  parser.on('doctype', () => fail('XML_DOCTYPE', 'a DOCTYPE declaration is not accepted: no DTD, no entity declarations'));
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (++elements > limits.maxElements) fail('XML_TOO_MANY_ELEMENTS', `more than ${limits.maxElements} elements`);
    if (stack.length >= limits.maxDepth) fail('XML_TOO_DEEP', `elements nest deeper than ${limits.maxDepth} levels`);
    const names = Object.keys(tag.attributes);
    if (names.length > limits.maxAttributes) fail('XML_TOO_MANY_ATTRIBUTES', `<${tag.name}> has more than ${limits.maxAttributes} attributes`);
    const attributes: Record<string, string> = Object.create(null);
    for (const n of names) attributes[n] = tag.attributes[n].value;
    const parent = stack.at(-1);
    const element: XmlElement = { name: tag.local, uri: tag.uri, attributes, children: [], parent, line: parser.line, column: parser.column, path: '' };
    if (parent) {
      const seen = counts.get(parent) ?? new Map<string, number>();
      counts.set(parent, seen);
      const n = (seen.get(tag.local) ?? 0) + 1;
      seen.set(tag.local, n);
      element.path = `${parent.path}/${tag.local}${n > 1 ? `[${n}]` : ''}`;
      parent.children.push(element);
    } else {
      element.path = `/${tag.local}`;
      root = element;
    }
    stack.push(element);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('error', (e: Error) => {
    // saxes prefixes its message with line:column; the error carries them apart.
    fail('XML_SYNTAX', `not well-formed XML: ${e.message.replace(/^\d+:\d+:\s*/, '')}`);
  });
  parser.write(text).close();
  // saxes refuses a document without a root element at close().
  return root!;
}

/** The first child element of this local name. */
export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

/**
 * The elements at a relative path of local names, each step optionally filtered by its root
 * attribute ("id@2.16.840.1.113883.4.6"), in document order: a small XPath for the converter's
 * path-correlation paths.
 */
export function select(el: XmlElement, path: string): XmlElement[] {
  let current = [el];
  for (const step of path.split('/')) {
    const [name, root] = step.split('@');
    current = current.flatMap((e) => e.children.filter((c) => c.name === name && (root === undefined || c.attributes.root === root)));
  }
  return current;
}
