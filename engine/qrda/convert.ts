// A QRDA Category III document as the QPP submission JSON that CMS's conversion tool produces
// from it (CMSgov/qpp-conversion-tool: the decode walk of QrdaDecoderEngine, the encoders of the
// clinical document, IA and PI sections, and the IA validators), over a bounded input and with no
// I/O: a pure function, so that it can run wherever the service runs expensive work.
// The identity fields, the IA and PI sections and their periods are converted; an eCQM (quality)
// section is named as not converted. What the converter refuses in an IA section is refused here
// with its error number, the element's path and its line.
import { FINISHING, HEADER, KNOWN_WITHOUT_DECODER, MVP_ENTITIES, PROGRAMS, TEMPLATE_BY_ROOT, TEMPLATES, type EntityType, type Program, type Template } from './templates.js';
import { parseXml, select, XML_LIMITS, type XmlElement, type XmlLimits } from './xml.js';

/** One thing wrong in the document: where (path, line, column) and what, with the converter's number. */
export interface QrdaProblem {
  path: string;
  code: string;
  message: string;
  line: number;
  col: number;
}

/** The document is well-formed XML but not a QRDA III document the converter would accept. */
export class QrdaError extends Error {
  constructor(message: string, readonly problems: QrdaProblem[]) {
    super(message);
    this.name = 'QrdaError';
  }
}

export interface Conversion {
  /** The QPP submission JSON, keys in the converter's order. */
  submission: QppFromQrda;
  /** What was left out or will be ignored, one sentence each. */
  warnings: string[];
}

export interface QppFromQrda {
  performanceYear?: number;
  entityType: EntityType;
  nationalProviderIdentifier?: string;
  taxpayerIdentificationNumber?: string;
  entityId?: string;
  measurementSets: Record<string, unknown>[];
}

/** A decoded template: the element that holds its templateId, and what was decoded below it. */
interface Node {
  template: Template;
  element: XmlElement;
  /** The templateId element, for the line of a problem. */
  at: XmlElement;
  children: Node[];
}

/** Converts a QRDA III document; throws XmlError (not XML, or past a bound) or QrdaError (not convertible). */
export function convertQrda(text: string, limits: XmlLimits = XML_LIMITS): Conversion {
  const root = parseXml(text, limits);
  if (root.name !== 'ClinicalDocument' || !root.children.some((c) => c.name === 'templateId' && c.attributes.root === TEMPLATES.CLINICAL_DOCUMENT)) {
    throw new QrdaError('not a QRDA III document', [problem(root, 'QRDA_NOT_QRDA_III', 5,
      `The file is not a QRDA-III XML document: the root must be a ClinicalDocument with the QRDA Category III templateId ${TEMPLATES.CLINICAL_DOCUMENT}`)]);
  }
  const top: Node = { template: 'CLINICAL_DOCUMENT', element: root, at: root, children: [] };
  decodeChildren(root, top);
  const document = top.children[0];
  const header = readHeader(root);
  const sections = document.children.filter((n) => n.template === 'IA_SECTION' || n.template === 'PI_SECTION' || n.template === 'MEASURE_SECTION');
  checkDocument(document, header, sections);
  const warnings: string[] = [];
  const measurementSets: Record<string, unknown>[] = [];
  const encoded = new Set<Template>();
  for (const section of sections) {
    // The converter encodes the first section of each kind (a second IA section is its error 27).
    if (encoded.has(section.template)) continue;
    encoded.add(section.template);
    if (section.template === 'MEASURE_SECTION') {
      warnings.push(`the eCQM measure section (quality) at ${section.element.path} (line ${section.at.line}) is not converted here; this service scores improvement activities only`);
      continue;
    }
    measurementSets.push(encodeSection(section, header));
  }
  if (header.program === 'pcf' && encoded.has('IA_SECTION')) {
    warnings.push('The QRDA-III submission for PCF should not contain an Improvement Activities section. The Improvement Activities data will be ignored. (conversion tool warning 90)');
  }
  const year = firstReportingStart(document)?.slice(0, 4);
  const submission: QppFromQrda = {
    ...(year !== undefined && /^\d{4}$/.test(year) ? { performanceYear: Number(year) } : {}),
    entityType: header.entityType,
    ...identity(header),
    measurementSets,
  };
  return { submission, warnings };
}

// --- The converter's walk (QrdaDecoderEngine.decodeTree / decodeChildren) ---

/** A templateId element's template: a decoded one, one known without decoder, or unknown. */
function templateOf(el: XmlElement): Template | 'known' | 'unknown' {
  const root = el.attributes.root ?? '';
  return TEMPLATE_BY_ROOT.get(root) ?? (KNOWN_WITHOUT_DECODER.has(root) ? 'known' : 'unknown');
}

/** Decodes an element into parent; true when its decoder finished the walk of the enclosing element. */
function decodeTree(el: XmlElement, parent: Node): { finished: boolean; node?: Node } {
  if (el.name === 'templateId') {
    const template = templateOf(el);
    if (template === 'known' || template === 'unknown') return { finished: false };
    const node: Node = { template, element: el.parent!, at: el, children: [] };
    parent.children.push(node);
    return { finished: FINISHING.has(template), node };
  }
  decodeChildren(el, parent);
  return { finished: false };
}

/**
 * The children of an element, in order: a decoded templateId becomes the parent of its later
 * siblings; a finishing one ends the element. An element whose templateIds are all unknown is
 * skipped whole, and a repeated templateId counts once (getUniqueTemplateIdElements).
 */
function decodeChildren(el: XmlElement, parent: Node): void {
  const seen = new Set<string>();
  let anyKnown = false;
  const children = el.children.filter((c) => {
    if (c.name !== 'templateId') return true;
    const t = templateOf(c);
    if (t !== 'unknown') anyKnown = true;
    const key = t === 'known' || t === 'unknown' ? `${t}:${c.attributes.root}` : t;
    const stays = t !== 'known' && t !== 'unknown' && !seen.has(key);
    seen.add(key);
    return stays;
  });
  if (seen.size > 0 && !anyKnown) return;
  let current = parent;
  for (const c of children) {
    const { finished, node } = decodeTree(c, current);
    if (finished) return;
    if (node) current = node;
  }
}

function findFirst(node: Node, template: Template): Node | undefined {
  for (const c of node.children) {
    if (c.template === template) return c;
    const found = findFirst(c, template);
    if (found) return found;
  }
  return undefined;
}

// --- The header (ClinicalDocumentDecoder) ---

interface Header {
  rawProgramNames: string[];
  program: Program;
  entityType: EntityType;
  npi?: string;
  tin?: string;
  entityId?: string;
  mvpId?: string;
  cehrtId?: string;
  element: XmlElement;
}

const first = (el: XmlElement, path: string): string | undefined => select(el, path).find((e) => e.attributes.extension !== undefined)?.attributes.extension;

function readHeader(root: XmlElement): Header {
  const rawProgramNames = select(root, HEADER.programName).flatMap((e) => (e.attributes.extension !== undefined ? [e.attributes.extension] : []));
  const raw = rawProgramNames[0] ?? '';
  const mapped = PROGRAMS[raw.toUpperCase()];
  // An unknown name maps as the converter's default does (lower case, individual); checkDocument refuses it.
  const program = mapped?.program ?? (raw.toLowerCase() as Program);
  const entityType = mapped?.entityType ?? 'individual';
  const header: Header = { rawProgramNames, program, entityType, element: root, cehrtId: first(root, HEADER.cehrtId) };
  if (program === 'mips' && MVP_ENTITIES.has(entityType)) header.mvpId = first(root, HEADER.mvpId);
  if (entityType === 'apm') {
    header.entityId = first(root, program === 'pcf' ? HEADER.pcfEntityId : HEADER.apmEntityId);
  } else {
    header.tin = first(root, HEADER.tin);
    if (entityType === 'individual') header.npi = first(root, HEADER.npi);
    if (entityType === 'virtualGroup') header.entityId = first(root, HEADER.virtualGroupId);
    if (entityType === 'subgroup') header.entityId = first(root, HEADER.subgroupId);
  }
  return header;
}

/** The identity fields as ClinicalDocumentEncoder writes them (absent values are left out). */
function identity(h: Header): Partial<QppFromQrda> {
  const out: Partial<QppFromQrda> = {};
  if (h.entityType !== 'apm' && h.entityType !== 'subgroup') {
    if (h.npi !== undefined) out.nationalProviderIdentifier = h.npi;
    if (h.tin !== undefined) out.taxpayerIdentificationNumber = h.tin;
  }
  if (h.entityId !== undefined && h.entityType !== 'individual' && h.entityType !== 'group') out.entityId = h.entityId;
  return out;
}

// --- Validation: what the converter refuses (ClinicalDocumentValidator, IaSectionValidator, …) ---

function problem(el: XmlElement, code: string, number: number, message: string): QrdaProblem {
  return { path: el.path, code, message: `${message} (conversion tool error ${number})`, line: el.line, col: el.column };
}

function checkDocument(document: Node, header: Header, sections: Node[]): void {
  const problems: QrdaProblem[] = [];
  const root = document.element;
  if (sections.length === 0) {
    problems.push(problem(root, 'QRDA_NO_SECTION', 23, "The Clinical Document must have at least one Improvement Activities, Promoting Interoperability or measure section"));
  }
  if (sections.filter((s) => s.template === 'IA_SECTION').length > 1) {
    problems.push(problem(root, 'QRDA_DUPLICATE_IA_SECTION', 27, 'The document must have only one Improvement Activities section'));
  }
  if (header.rawProgramNames.length !== 1) {
    problems.push(problem(root, 'QRDA_PROGRAM_NAME', 24, `The document must have exactly one program name (informationRecipient/intendedRecipient/id with root 2.16.840.1.113883.3.249.7); it has ${header.rawProgramNames.length}`));
  } else if (!PROGRAMS[header.rawProgramNames[0].toUpperCase()]) {
    problems.push(problem(root, 'QRDA_PROGRAM_NAME', 25, `The program name ${header.rawProgramNames[0]} is not one of ${Object.keys(PROGRAMS).join(', ')}`));
  }
  if (header.entityType === 'virtualGroup' && header.entityId === undefined) {
    problems.push(problem(root, 'QRDA_VIRTUAL_GROUP_ID', 78, "Enter an entity ID for the program 'MIPS Virtual Group' (representedOrganization/id with root 2.16.840.1.113883.3.249.5.2)"));
  }
  for (const s of sections) if (s.template === 'IA_SECTION') problems.push(...checkIaSection(s));
  if (problems.length > 0) throw new QrdaError(`the QRDA III document cannot be converted: ${problems.length} problem${problems.length === 1 ? '' : 's'}`, problems);
}

/** IaSectionValidator: the first of errors 43, 44, 45 (its checks stop at the first); then each activity and the period. */
function checkIaSection(section: Node): QrdaProblem[] {
  const el = section.element;
  const count = (t: Template) => section.children.filter((c) => c.template === t).length;
  if (count('IA_MEASURE') < 1) {
    return [problem(el, 'QRDA_IA_NO_ACTIVITY', 43, 'The Improvement Activities section must have at least one Improvement Activity (an organizer with templateId 2.16.840.1.113883.10.20.27.3.33)')];
  }
  if (count('REPORTING_PARAMETERS_ACT') !== 1) {
    return [problem(el, 'QRDA_IA_REPORTING_PARAMETERS', 44, `The Improvement Activities section must have one Reporting Parameter Act (templateId ${TEMPLATES.REPORTING_PARAMETERS_ACT}) of its own; it has ${count('REPORTING_PARAMETERS_ACT')}`)];
  }
  const foreign = section.children.find((c) => c.template !== 'IA_MEASURE' && c.template !== 'REPORTING_PARAMETERS_ACT');
  if (foreign) {
    return [problem(foreign.element, 'QRDA_IA_WRONG_CHILD', 45, `The Improvement Activities section must only contain Improvement Activities and a Reporting Parameter Act; ${foreign.element.path} is a ${foreign.template} (templateId ${TEMPLATES[foreign.template]})`)];
  }
  const problems: QrdaProblem[] = [];
  for (const activity of section.children.filter((c) => c.template === 'IA_MEASURE')) {
    const performed = activity.children.filter((c) => c.template === 'MEASURE_PERFORMED');
    if (performed.length !== 1) {
      problems.push(problem(activity.element, 'QRDA_IA_MEASURE_PERFORMED', 50, `An Improvement Activities performed measure reference and results must have exactly one measure performed child; it has ${performed.length}`));
    } else if (!['Y', 'N'].includes(performedCode(performed[0]) ?? '')) {
      problems.push(problem(performed[0].element, 'QRDA_IA_MEASURE_VALUE', 51, `The data for a performed measure is required and must be either a Y or an N (value/@code), not ${JSON.stringify(performedCode(performed[0]) ?? null)}`));
    }
  }
  const act = section.children.find((c) => c.template === 'REPORTING_PARAMETERS_ACT')!;
  for (const [side, number, path] of [['performanceStart', 29, 'effectiveTime/low'], ['performanceEnd', 30, 'effectiveTime/high']] as const) {
    const values = select(act.element, path).flatMap((e) => (e.attributes.value !== undefined ? [e.attributes.value] : []));
    if (values.length !== 1) {
      problems.push(problem(act.element, 'QRDA_REPORTING_PERIOD', number, `The Reporting Parameter Act must have exactly one ${side} (${path}/@value); it has ${values.length}`));
    } else if (qppDate(values[0]) === undefined) {
      problems.push(problem(act.element, 'QRDA_REPORTING_PERIOD_FORMAT', 69, `${side} ${JSON.stringify(values[0])} is not a date (yyyyMMdd, dashes or slashes allowed)`));
    }
  }
  return problems;
}

// --- Encoding (PiSectionEncoder, IaMeasureEncoder, ReportingParametersActEncoder, …) ---

function performedCode(node: Node): string | undefined {
  return select(node.element, 'value')[0]?.attributes.code;
}

/** yyyyMMdd… (dashes and slashes ignored, as FormatHelper does) as YYYY-MM-DD, or undefined. */
function qppDate(raw: string): string | undefined {
  const digits = raw.trim().replace(/[-/]/g, '').slice(0, 8);
  if (!/^\d{8}$/.test(digits)) return undefined;
  const date = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(date) ? date : undefined;
}

function reportingDates(act: Node): { performanceStart?: string; performanceEnd?: string } {
  const start = select(act.element, 'effectiveTime/low')[0]?.attributes.value;
  const end = select(act.element, 'effectiveTime/high')[0]?.attributes.value;
  const s = start === undefined ? undefined : qppDate(start) ?? start;
  const e = end === undefined ? undefined : qppDate(end) ?? end;
  return { ...(s !== undefined ? { performanceStart: s } : {}), ...(e !== undefined ? { performanceEnd: e } : {}) };
}

/** The first reporting period's start in the document: the converter's performanceYear comes from it. */
function firstReportingStart(document: Node): string | undefined {
  const act = findFirst(document, 'REPORTING_PARAMETERS_ACT');
  return act ? select(act.element, 'effectiveTime/low')[0]?.attributes.value : undefined;
}

function measureIdOf(node: Node): string | undefined {
  return first(node.element, 'reference/externalDocument/id');
}

function encodeSection(section: Node, header: Header): Record<string, unknown> {
  const ia = section.template === 'IA_SECTION';
  const measurements = section.children.filter((c) => c.template !== 'REPORTING_PARAMETERS_ACT').flatMap((c) => {
    const m = ia ? encodeActivity(c) : encodePiMeasure(c);
    return m ? [m] : [];
  });
  const act = findFirst(section, 'REPORTING_PARAMETERS_ACT');
  return {
    category: ia ? 'ia' : 'pi',
    submissionMethod: 'electronicHealthRecord',
    ...(!ia && header.cehrtId !== undefined && header.program !== 'pcf' ? { cehrtId: header.cehrtId } : {}),
    measurements,
    programName: header.mvpId ?? header.program,
    ...(act ? reportingDates(act) : {}),
    source: 'qrda3',
  };
}

function encodeActivity(node: Node): Record<string, unknown> | undefined {
  const measureId = measureIdOf(node);
  const performed = findFirst(node, 'MEASURE_PERFORMED');
  const code = performed ? performedCode(performed) : undefined;
  return {
    ...(measureId !== undefined ? { measureId } : {}),
    ...(code === 'Y' || code === 'N' ? { value: code === 'Y' } : {}),
  };
}

/** A PI measure: performed (Y/N) or a numerator and a denominator (their aggregate counts). */
function encodePiMeasure(node: Node): Record<string, unknown> | undefined {
  const measureId = measureIdOf(node);
  const base = measureId !== undefined ? { measureId } : {};
  if (node.template === 'PI_MEASURE_PERFORMED') {
    const performed = findFirst(node, 'MEASURE_PERFORMED');
    const code = performed ? performedCode(performed) : undefined;
    return { ...base, ...(code === undefined ? {} : { value: code === 'Y' || code === 'N' ? code === 'Y' : code }) };
  }
  if (node.template !== 'PI_NUMERATOR_DENOMINATOR') return undefined;
  const value: Record<string, number> = {};
  for (const part of node.children) {
    const label = part.template === 'PI_NUMERATOR' ? 'numerator' : part.template === 'PI_DENOMINATOR' ? 'denominator' : undefined;
    const count = label ? findFirst(part, 'PI_AGGREGATE_COUNT') : undefined;
    const raw = count ? select(count.element, 'value')[0]?.attributes.value : undefined;
    if (label && raw !== undefined && /^\d+$/.test(raw.trim()) && !(label in value)) value[label] = Number(raw.trim());
  }
  return { ...base, value };
}
