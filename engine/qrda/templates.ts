// What CMS's QRDA III conversion tool (CMSgov/qpp-conversion-tool) knows of a document: the
// template roots it decodes (model/TemplateId.java), which of them end the walk below them, the
// identifier roots of the header (resources/pathing/path-correlation.json), and the program names
// (model/Constants.java, decode/ClinicalDocumentDecoder.java). Facts only; convert.ts uses them.

/** Template roots the converter has a decoder for, by its names. */
export const TEMPLATES = {
  CLINICAL_DOCUMENT: '2.16.840.1.113883.10.20.27.1.2',
  IA_SECTION: '2.16.840.1.113883.10.20.27.2.4',
  PI_SECTION: '2.16.840.1.113883.10.20.27.2.5',
  MEASURE_SECTION: '2.16.840.1.113883.10.20.27.2.3',
  IA_MEASURE: '2.16.840.1.113883.10.20.27.3.33',
  MEASURE_PERFORMED: '2.16.840.1.113883.10.20.27.3.27',
  REPORTING_PARAMETERS_ACT: '2.16.840.1.113883.10.20.17.3.8',
  PI_AGGREGATE_COUNT: '2.16.840.1.113883.10.20.27.3.3',
  PI_NUMERATOR_DENOMINATOR: '2.16.840.1.113883.10.20.27.3.28',
  PI_NUMERATOR: '2.16.840.1.113883.10.20.27.3.31',
  PI_DENOMINATOR: '2.16.840.1.113883.10.20.27.3.32',
  PI_MEASURE_PERFORMED: '2.16.840.1.113883.10.20.27.3.29',
  QUALITY_MEASURE: '2.16.840.1.113883.10.20.27.3.17',
  MEASURE_DATA: '2.16.840.1.113883.10.20.27.3.16',
  PERFORMANCE_RATE: '2.16.840.1.113883.10.20.27.3.25',
  REPORTING_STRATUM: '2.16.840.1.113883.10.20.27.3.4',
  ETHNICITY: '2.16.840.1.113883.10.20.27.3.7',
  SEX: '2.16.840.1.113883.10.20.27.3.6',
  RACE: '2.16.840.1.113883.10.20.27.3.8',
  PAYER: '2.16.840.1.113883.10.20.27.3.18',
} as const;

export type Template = keyof typeof TEMPLATES;

/** Roots the converter knows but does not decode: its walk goes on below them. */
export const KNOWN_WITHOUT_DECODER: ReadonlySet<string> = new Set([
  '2.16.840.1.113883.10.20.27.2.1', // CATEGORY_REPORT_V5
  '2.16.840.1.113883.10.20.27.3.2', // CONTINUOUS_VARIABLE_MEASURE_VALUE_CMS
]);

/**
 * Roots the converter read in earlier years: the IA section of CMS's 2019-2020 implementation
 * guides (TemplateId.IA_SECTION from commit e2e87f39e, 2019-09, to 8698d20ae, 2020-08). This
 * service scores those years, so it reads them too.
 */
const LEGACY_ROOTS: Readonly<Record<string, Template>> = { '2.16.840.1.113883.3.249.20.2.1': 'IA_SECTION' };

export const TEMPLATE_BY_ROOT: ReadonlyMap<string, Template> = new Map([
  ...Object.entries(TEMPLATES).map(([name, root]) => [root, name as Template] as const),
  ...Object.entries(LEGACY_ROOTS),
]);

/** Decoders that return TREE_FINISHED (or TREE_ESCAPED): nothing after them in their element is decoded. */
export const FINISHING: ReadonlySet<Template> = new Set<Template>(['MEASURE_PERFORMED', 'REPORTING_PARAMETERS_ACT', 'PI_AGGREGATE_COUNT', 'PERFORMANCE_RATE', 'REPORTING_STRATUM', 'MEASURE_DATA']);

/** Header identifiers: the root of each id element the converter reads, and where. */
export const HEADER = {
  programName: 'informationRecipient/intendedRecipient/id@2.16.840.1.113883.3.249.7',
  npi: 'documentationOf/serviceEvent/performer/assignedEntity/id@2.16.840.1.113883.4.6',
  tin: 'documentationOf/serviceEvent/performer/assignedEntity/representedOrganization/id@2.16.840.1.113883.4.2',
  virtualGroupId: 'documentationOf/serviceEvent/performer/assignedEntity/representedOrganization/id@2.16.840.1.113883.3.249.5.2',
  pcfEntityId: 'participant/associatedEntity/id@2.16.840.1.113883.3.249.5.3',
  apmEntityId: 'documentationOf/serviceEvent/performer/assignedEntity/representedOrganization/id@2.16.840.1.113883.3.249.5.4',
  subgroupId: 'documentationOf/serviceEvent/performer/assignedEntity/representedOrganization/id@2.16.840.1.113883.3.249.5.5',
  mvpId: 'participant/associatedEntity/id@2.16.840.1.113883.3.249.5.6',
  cehrtId: 'participant/associatedEntity/id@2.16.840.1.113883.3.2074.1',
} as const;

export type Program = 'mips' | 'app1' | 'appPlus' | 'pcf';
export type EntityType = 'individual' | 'group' | 'virtualGroup' | 'apm' | 'subgroup';

/**
 * The informationRecipient's program name (any case) as QPP's programName and entityType. PCF is
 * the converter's mapping before it dropped PCF in 2025 (commit ad0e8be, "clean up pcf and cpc+"):
 * an APM Entity whose IA section CMS ignores (warning 90).
 */
export const PROGRAMS: Readonly<Record<string, { program: Program; entityType: EntityType }>> = {
  MIPS_INDIV: { program: 'mips', entityType: 'individual' },
  MIPS_GROUP: { program: 'mips', entityType: 'group' },
  MIPS_VIRTUALGROUP: { program: 'mips', entityType: 'virtualGroup' },
  MIPS_APMENTITY: { program: 'mips', entityType: 'apm' },
  MIPS_SUBGROUP: { program: 'mips', entityType: 'subgroup' },
  MIPS: { program: 'mips', entityType: 'individual' },
  MIPS_APP1_INDIV: { program: 'app1', entityType: 'individual' },
  MIPS_APP1_GROUP: { program: 'app1', entityType: 'group' },
  MIPS_APP1_APMENTITY: { program: 'app1', entityType: 'apm' },
  APP_PLUS_INDIV: { program: 'appPlus', entityType: 'individual' },
  APP_PLUS_GROUP: { program: 'appPlus', entityType: 'group' },
  APP_PLUS_APMENTITY: { program: 'appPlus', entityType: 'apm' },
  PCF: { program: 'pcf', entityType: 'apm' },
};

/** Entity types whose MIPS documents may name an MVP (Constants.MVP_ENTITIES). */
export const MVP_ENTITIES: ReadonlySet<EntityType> = new Set(['individual', 'group', 'subgroup', 'apm']);
