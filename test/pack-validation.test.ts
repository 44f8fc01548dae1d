// Broken packs and the exact error lines the loader gives for them.
// Every case starts from two small valid packs (2017, and 2018 extending it) and breaks one thing.
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSchema } from '../engine/pack/schema.js';
import { BASE_2017, CHILD_2018 } from './fixtures/packs.js';
import { formatPackError, PackValidationError } from '../engine/pack/errors.js';
import { loadPacks, validatePacks, type PackSet, type PackText } from '../engine/pack/load.js';

// Lists the messages quote from the schema, so the lines stay exact as the schema grows.
const schema = loadSchema('rulepack.schema.json') as {
  properties: Record<string, unknown>;
  $defs: Record<string, { properties: Record<string, unknown>; enum?: string[] }>;
};
const keysOf = (def: string) => Object.entries(schema.$defs[def].properties).filter(([, v]) => v !== false).map(([k]) => k);
const TOP_KEYS = Object.keys(schema.properties).join(', ');
const FACTS = schema.$defs.factName.enum!.join(', ');
const OPERATORS = (schema.$defs.condition.properties.operator as { enum: string[] }).enum.join(', ');
const ACTIVITY_KEYS = ['id', ...keysOf('activityFields')].join(', ');
const PARAMETER_GROUPS = keysOf('parameters').join(', ');
const PARAM_KEYS = ['value', ...keysOf('annotated')].join(', ');

const F17 = 'rulepacks/2017.yaml';
const F18 = 'rulepacks/2018.yaml';

/** Replaces one exact piece of a pack; fails loudly if the piece is not there. */
function edit(text: string, from: string, to: string): string {
  expect(text.split(from).length - 1, `'${from}' once in the pack`).toBe(1);
  return text.replace(from, to);
}

function errorLines(texts: PackText[], base?: PackSet): string[] {
  return validatePacks(texts, base).flatMap((r) => r.errors.map(formatPackError));
}

/** The error lines of a broken 2018 pack over the valid 2017 one. */
const childErrors = (child: string) => errorLines([{ file: F17, text: BASE_2017 }, { file: F18, text: child }]);
/** The error lines of a broken 2017 pack (its child then reports its parent invalid). */
const baseErrors = (base: string) => errorLines([{ file: F17, text: base }]);

const TAB_FIX = 'YAML indentation must be spaces; replace the tab with spaces, so that the line starts at the column of the keys it belongs with';

const PARENT_INVALID = `${F18}:2:10 PACK_PARENT_INVALID extends: extends 2017, but ${F17} has errors; this pack is checked once its parent is valid`;

describe('the fixture packs', () => {
  it('are valid, and 2018 materializes from 2017', () => {
    const results = validatePacks([{ file: F17, text: BASE_2017 }, { file: F18, text: CHILD_2018 }]);
    expect(results.map((r) => [r.file, r.year, r.errors])).toEqual([[F17, 2017, []], [F18, 2018, []]]);
    const p18 = results[1].pack!;
    expect([...p18.activities.keys()]).toEqual(['IA_EPA_1', 'IA_EPA_4', 'IA_PM_2']);
    expect(p18.activities.get('IA_PM_2')).toMatchObject({ weight: 'medium', title: 'Anticoagulant management' });
    expect(p18.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('schema errors', () => {
  it('a string for the year', () => {
    expect(errorLines([{ file: F17, text: edit(BASE_2017, 'year: 2017', 'year: "2017"') }, { file: F18, text: CHILD_2018 }])).toEqual([
      `${F17}:1:7 PACK_TYPE year: must be an integer; found the string "2017"`,
      PARENT_INVALID,
    ]);
  });

  it('an unknown top-level key, located at the key', () => {
    expect(baseErrors(edit(BASE_2017, 'title: MIPS', 'colour: blue\ntitle: MIPS'))).toEqual([
      `${F17}:2:1 PACK_UNKNOWN_KEY colour: unknown key 'colour'; expected one of ${TOP_KEYS}`,
    ]);
  });

  it('an unknown key in a parameter', () => {
    expect(childErrors(edit(CHILD_2018, '    reference: 82 FR 53660', '    reference: 82 FR 53660\n    unit: points'))).toEqual([
      `${F18}:11:5 PACK_UNKNOWN_KEY parameters.maxPoints.unit: unknown key 'unit'; expected one of ${PARAM_KEYS}`,
    ]);
  });

  it('an unknown parameter name', () => {
    expect(childErrors(edit(CHILD_2018, '  maxPoints:', '  maxPoint:'))).toEqual([
      `${F18}:8:3 PACK_UNKNOWN_KEY parameters.maxPoint: unknown key 'maxPoint'; expected one of ${PARAMETER_GROUPS}`,
    ]);
  });

  it('an unknown key in an activity', () => {
    expect(childErrors(edit(CHILD_2018, '      weight: medium\n  removed', '      weight: medium\n      colour: red\n  removed'))).toEqual([
      `${F18}:17:7 PACK_UNKNOWN_KEY inventory.added[0].colour: unknown key 'colour'; expected one of ${ACTIVITY_KEYS}`,
    ]);
  });

  it('a weight that is not medium, high or null, located at the value', () => {
    expect(childErrors(edit(CHILD_2018, '      weight: medium\n  removed', '      weight: low\n  removed'))).toEqual([
      `${F18}:16:15 PACK_ENUM inventory.added[0].weight: must be one of medium, high, null`,
    ]);
  });

  it('a malformed activity ID', () => {
    expect(childErrors(edit(CHILD_2018, '- IA_PM_10', '- IA-PM-10'))).toEqual([
      `${F18}:18:7 PACK_PATTERN inventory.removed[0]: must match the pattern ^IA_[A-Z]+(_[0-9]+)?$; found the string "IA-PM-10"`,
    ]);
  });

  it('a parameter without a reference or a note, located at its name', () => {
    expect(childErrors(edit(CHILD_2018, '    reference: 82 FR 53660\n', ''))).toEqual([
      `${F18}:8:3 PACK_REFERENCE parameters.maxPoints: must have a reference or a note saying where the value comes from`,
    ]);
  });

  it('a date that is not YYYY-MM-DD', () => {
    const err = (v: string) => `${F17}:21:14 PACK_FORMAT parameters.thresholds.latestStartDate.value: must be a date, YYYY-MM-DD; found the string "${v}"`;
    expect(baseErrors(edit(BASE_2017, 'value: 2017-10-02', 'value: 10/02/2017'))).toEqual([err('10/02/2017')]);
    expect(baseErrors(edit(BASE_2017, 'value: 2017-10-02', 'value: 2017-13-02'))).toEqual([err('2017-13-02')]);
  });

  it('a json-rules-engine condition with an unknown fact or operator', () => {
    expect(baseErrors(edit(BASE_2017, 'fact: specialStatus', 'fact: colour'))).toEqual([
      `${F17}:29:17 PACK_ENUM rules.standard-points.conditions.all[0].fact: must be one of ${FACTS}`,
    ]);
    expect(baseErrors(edit(BASE_2017, 'operator: equal\n          value: false\n    event:\n      type: pointsTable', 'operator: equals\n          value: false\n    event:\n      type: pointsTable'))).toEqual([
      `${F17}:30:21 PACK_ENUM rules.standard-points.conditions.all[0].operator: must be one of ${OPERATORS}`,
    ]);
  });

  it('an event without the key its type needs, located at params', () => {
    expect(baseErrors(edit(BASE_2017, '        table: points.standard', '        parameter: points.standard'))).toEqual([
      `${F17}:34:7 PACK_REQUIRED rules.standard-points.event.params: must have required property 'table'`,
    ]);
  });

  it('a reject without the path its error names', () => {
    const reject = '        type: reject\n        params: { code: NO_GROUPS, message: "no groups" }';
    const rule = `  no-groups:\n    description: No groups.\n    reference: 81 FR 77185\n    conditions: { all: [{ fact: isGroup, operator: equal, value: true }] }\n    event:\n${reject.replace(/^ {4}/gm, '  ')}\n`;
    expect(baseErrors(edit(BASE_2017, 'rules:\n', `rules:\n${rule}`))).toEqual([
      `${F17}:30:7 PACK_REQUIRED rules.no-groups.event.params: must have required property 'path'`,
    ]);
    const withPath = validatePacks([{ file: F17, text: edit(BASE_2017, 'rules:\n', `rules:\n${rule.replace('message: "no groups"', 'path: entityType, message: "no groups"')}`) }]);
    expect(withPath[0].errors).toEqual([]);
  });

  it('several errors in one file, all at once', () => {
    let child = edit(CHILD_2018, 'title: MIPS', 'colour: x\ntitle: MIPS');
    child = edit(child, 'weight: medium\n  removed', 'weight: low\n  removed');
    child = edit(child, 'value: 40', 'value: "40"');
    expect(childErrors(child)).toEqual([
      `${F18}:3:1 PACK_UNKNOWN_KEY colour: unknown key 'colour'; expected one of ${TOP_KEYS}`,
      `${F18}:10:12 PACK_TYPE parameters.maxPoints.value: must be an integer; found the string "40"`,
      `${F18}:17:15 PACK_ENUM inventory.added[0].weight: must be one of medium, high, null`,
    ]);
  });
});

describe('semantic errors', () => {
  it('an unknown subcategory', () => {
    expect(childErrors(edit(CHILD_2018, 'subcategory: expandedAccess', 'subcategory: behavioralHealth'))).toEqual([
      `${F18}:15:20 PACK_UNKNOWN_SUBCATEGORY inventory.added[0].subcategory: unknown subcategory 'behavioralHealth' of IA_EPA_4; expected one of expandedAccess, populationManagement`,
    ]);
  });

  it('an ID added twice: one error, at the second', () => {
    const child = edit(CHILD_2018, '  removed:', '    - id: IA_EPA_4\n      title: Again\n      subcategory: expandedAccess\n      weight: high\n  removed:');
    expect(childErrors(child)).toEqual([
      `${F18}:17:11 PACK_DUPLICATE_ID inventory.added[1].id: IA_EPA_4 is listed twice in inventory.added: also at inventory.added[0]`,
    ]);
  });

  it('an ID removed twice', () => {
    expect(childErrors(edit(CHILD_2018, '- IA_PM_10', '- IA_PM_10\n    - IA_PM_10'))).toEqual([
      `${F18}:19:7 PACK_DUPLICATE_ID inventory.removed[1]: IA_PM_10 is listed twice in inventory.removed: also at inventory.removed[0]`,
    ]);
  });

  it('adding an ID the parent already has', () => {
    expect(childErrors(edit(CHILD_2018, 'id: IA_EPA_4', 'id: IA_EPA_1'))).toEqual([
      `${F18}:13:11 PACK_ADDED_EXISTS inventory.added[0].id: IA_EPA_1 is already in the 2017 inventory; use modified to change it`,
    ]);
  });

  it('removing an absent ID', () => {
    expect(childErrors(edit(CHILD_2018, '- IA_PM_10', '- IA_PM_99'))).toEqual([
      `${F18}:18:7 PACK_NOT_PRESENT inventory.removed[0]: cannot remove IA_PM_99: it is not in the 2017 inventory`,
    ]);
  });

  it('modifying an absent ID', () => {
    expect(childErrors(edit(CHILD_2018, 'id: IA_PM_2', 'id: IA_PM_77'))).toEqual([
      `${F18}:20:11 PACK_NOT_PRESENT inventory.modified[0].id: cannot modify IA_PM_77: it is not in the 2017 inventory nor added by this pack`,
    ]);
  });

  it('removing a rule that is not inherited', () => {
    expect(childErrors(`${CHILD_2018}rules:\n  no-such-rule: null\n`)).toEqual([
      `${F18}:23:3 PACK_NOT_PRESENT rules.no-such-rule: cannot remove rule 'no-such-rule': no such rule is inherited`,
    ]);
  });

  it('a rule whose event names an unknown parameter', () => {
    expect(errorLines([{ file: F17, text: edit(BASE_2017, 'table: points.standard', 'table: points.mvp') }, { file: F18, text: CHILD_2018 }])).toEqual([
      `${F17}:35:16 PACK_UNKNOWN_PARAMETER rules.standard-points.event.params.table: no parameter 'points.mvp' in this year; ` +
        'expected one of maxPoints, categoryWeights.traditional, points.standard, thresholds.latestStartDate',
      PARENT_INVALID,
    ]);
  });

  it('extends that is not the previous year', () => {
    expect(childErrors(edit(CHILD_2018, 'extends: 2017', 'extends: 2019'))).toEqual([
      `${F18}:2:10 PACK_EXTENDS extends: must name the previous year, 2017; found 2019`,
    ]);
  });

  it('extends a year that is not loaded', () => {
    expect(errorLines([{ file: F18, text: CHILD_2018 }])).toEqual([
      `${F18}:2:10 PACK_EXTENDS extends: extends 2017, but there is no 2017 pack among those loaded`,
    ]);
  });

  it('a later year without extends', () => {
    expect(childErrors(edit(CHILD_2018, 'extends: 2017\n', ''))).toEqual([
      `${F18}:1:1 PACK_EXTENDS year: must extend 2017: only the first year is a base pack`,
    ]);
  });

  it('a year that does not match the file name', () => {
    expect(childErrors(edit(CHILD_2018, 'year: 2018', 'year: 2019'))).toEqual([
      `${F18}:1:7 PACK_YEAR_FILE year: year 2019 does not match the file name 2018.yaml; expected year: 2018, or name the file 2019.yaml`,
    ]);
  });
});

// Issue 17: schema errors hid the content checks (a fix took a round for each). Now the parts
// of a pack that pass the schema get the content checks in the same round.
describe('schema and content errors in one round', () => {
  it('a weight the schema refuses and a modified ID that does not exist: both errors at once', () => {
    let child = edit(CHILD_2018, 'weight: medium\n  removed', 'weight: low\n  removed');
    child = edit(child, '    - id: IA_PM_2\n', '    - id: IA_MP_2\n');
    expect(childErrors(child)).toEqual([
      `${F18}:16:15 PACK_ENUM inventory.added[0].weight: must be one of medium, high, null`,
      `${F18}:20:11 PACK_NOT_PRESENT inventory.modified[0].id: cannot modify IA_MP_2: it is not in the 2017 inventory nor added by this pack; did you mean IA_PM_2?`,
    ]);
  });

  it('a rule with a schema error and another naming a parameter the year lacks: both', () => {
    const rules = 'rules:\n  bad-fact:\n    description: d\n    reference: x\n    conditions: { all: [{ fact: colour, operator: equal, value: 1 }] }\n'
      + '    event: { type: pointsTable, params: { table: points.standard } }\n'
      + '  no-table:\n    description: d\n    reference: x\n    conditions: { all: [] }\n    event: { type: pointsTable, params: { table: points.mvp } }\n';
    expect(childErrors(`${CHILD_2018}${rules}`)).toEqual([
      `${F18}:26:33 PACK_ENUM rules.bad-fact.conditions.all[0].fact: must be one of ${FACTS}`,
      `${F18}:32:50 PACK_UNKNOWN_PARAMETER rules.no-table.event.params.table: no parameter 'points.mvp' in this year; ` +
        'expected one of categoryWeights.traditional, maxPoints, points.standard, thresholds.latestStartDate',
    ]);
  });

  it('no content error that only echoes a schema error: an added activity the schema refuses, then modified', () => {
    let child = edit(CHILD_2018, 'weight: medium\n  removed', 'weight: low\n  removed');
    child = edit(child, '    - id: IA_PM_2\n', '    - id: IA_EPA_4\n');
    // Not also "cannot modify IA_EPA_4: it is not in the 2017 inventory nor added by this pack".
    expect(childErrors(child)).toEqual([`${F18}:16:15 PACK_ENUM inventory.added[0].weight: must be one of medium, high, null`]);
  });

  it('a year the schema refuses: the content checks, which all read it, wait', () => {
    expect(childErrors(edit(edit(CHILD_2018, 'year: 2018', 'year: "2018"'), '    - id: IA_PM_2\n', '    - id: IA_PM_20\n'))).toEqual([
      `${F18}:1:7 PACK_TYPE year: must be an integer; found the string "2018"`,
    ]);
  });

  it('the count covers both kinds, the list the first 100', () => {
    // 120 unknown keys in one activity (schema) and a modified ID that does not exist (content).
    const keys = Array.from({ length: 120 }, (_, i) => `      k${i}: 1\n`).join('');
    let child = edit(CHILD_2018, '      weight: medium\n  removed', `      weight: medium\n${keys}  removed`);
    child = edit(child, '    - id: IA_PM_2\n', '    - id: IA_PM_20\n');
    const [, r18] = validatePacks([{ file: F17, text: BASE_2017 }, { file: F18, text: child }]);
    expect([r18.errorCount, r18.errors.length, r18.errors[0].code, r18.pack]).toEqual([121, 100, 'PACK_UNKNOWN_KEY', undefined]);
  });
});

describe('YAML errors', () => {
  /** The error for a key on `line`, `indent` spaces in, where its mapping's keys start at `expected` (as on line `above`). */
  const misplacedKey = (line: number, indent: number, expected: number, above: number) =>
    `${F18}:${line}:${indent + 1} PACK_YAML_SYNTAX (file): bad indentation: this key is indented ${indent} spaces, ` +
    `but the keys of the mapping above it are indented ${expected} (line ${above}); items of one mapping start at the same column: indent it ${expected} spaces`;

  it('an unclosed flow sequence, located at its [', () => {
    expect(childErrors(edit(CHILD_2018, '  removed:\n    - IA_PM_10', '  removed: [IA_PM_10, IA_PM_2'))).toEqual([
      `${F18}:17:12 PACK_YAML_SYNTAX (file): unclosed [: expected ] before line 18 (a flow sequence ends on the line it starts, ` +
        'or continues on lines indented deeper than its key)',
    ]);
  });

  it('a key indented less than its siblings', () => {
    expect(childErrors(edit(CHILD_2018, '    citation: 82 FR 53568', '    citation: 82 FR 53568\n   title: bad'))).toEqual([
      misplacedKey(7, 3, 4, 6),
    ]);
  });

  it('a key indented more than its siblings', () => {
    expect(childErrors(edit(CHILD_2018, '    citation: 82 FR 53568', '    citation: 82 FR 53568\n      title: bad'))).toEqual([
      `${F18}:7:7 PACK_YAML_SYNTAX (file): bad indentation: this line is indented 6 spaces, deeper than line 6, whose value is already given; ` +
        'indent it 4 spaces, like line 6',
    ]);
  });

  it('a duplicate key is an error, at the second occurrence', () => {
    expect(childErrors(edit(CHILD_2018, 'title: MIPS Improvement Activities 2018', 'title: MIPS Improvement Activities 2018\ntitle: again'))).toEqual([
      `${F18}:4:1 PACK_DUPLICATE_KEY title: duplicate key 'title': it is already set on line 3; a key may appear once per mapping`,
    ]);
    expect(childErrors(edit(CHILD_2018, '      weight: medium\n  removed', '      weight: medium\n      weight: high\n  removed'))).toEqual([
      `${F18}:17:7 PACK_DUPLICATE_KEY inventory.added[0].weight: duplicate key 'weight': it is already set on line 16; a key may appear once per mapping`,
    ]);
  });

  it('a tab character', () => {
    expect(childErrors(edit(CHILD_2018, '    citation: 82 FR 53568', '\tcitation: 82 FR 53568'))).toEqual([`${F18}:6:1 PACK_TAB (file): tab in the indentation: ${TAB_FIX}`]);
    expect(childErrors(edit(CHILD_2018, '    citation: 82 FR 53568', '    citation:\t82 FR 53568'))).toEqual([
      `${F18}:6:14 PACK_TAB (file): tab character; packs use spaces only (write \\t in a double-quoted string for a tab in text)`,
    ]);
  });

  // Issue 17: a tab before an activity's key gave 6 errors, among them "duplicate key 'title'" (the
  // parser took the activity's lines for top-level keys) and bad indentation on lines 15 and 19.
  it('a tab in the indentation of an activity: one error, at the tab', () => {
    expect(childErrors(edit(CHILD_2018, '      title: Additional', '\t  title: Additional'))).toEqual([`${F18}:14:1 PACK_TAB (file): tab in the indentation: ${TAB_FIX}`]);
  });

  it('tabs on several lines: one error, at the first, naming the others', () => {
    const tabbed = CHILD_2018.replace(/^ {6}weight: medium$/gm, '\t\t\tweight: medium');
    expect(childErrors(tabbed)).toEqual([`${F18}:16:1 PACK_TAB (file): tab in the indentation: ${TAB_FIX} (line 21 too)`]);
  });

  // Issue 17: one key of an activity moved left to the column of its "- " gave "indented 4 spaces, but
  // the keys of the mapping above are indented 4" (the column of the dash, not of the keys after it).
  it("an activity's last key indented to the column of its dash: one error, at the key", () => {
    expect(childErrors(edit(CHILD_2018, '    - id: IA_PM_2\n      weight: medium', '    - id: IA_PM_2\n    weight: medium'))).toEqual([
      misplacedKey(21, 4, 6, 20),
    ]);
  });

  it("an activity's key un-indented before others: one error at that key, none for the lines after it", () => {
    // Was 3 errors: the key, then line 15 "deeper than line 14", then "a key must be on one line".
    expect(childErrors(edit(CHILD_2018, '      title: Additional', '    title: Additional'))).toEqual([
      misplacedKey(14, 4, 6, 13),
    ]);
    // Was 3 errors, none at line 15: "line 16 is deeper than line 15" (fixing that would break it more), and two more.
    expect(childErrors(edit(CHILD_2018, '      subcategory: expandedAccess', 'subcategory: expandedAccess'))).toEqual([
      `${F18}:15:1 PACK_YAML_SYNTAX (file): bad indentation: this key is indented 0 spaces, but the keys around it (lines 14 and 16) are indented 6; indent it 6 spaces`,
    ]);
  });

  it('a key un-indented to the level of the key it belongs under: one error, at that key', () => {
    // Was "line 10 is deeper than line 9": the error named the line that was right.
    expect(childErrors(edit(CHILD_2018, '    value: 40', '  value: 40'))).toEqual([
      `${F18}:9:3 PACK_YAML_SYNTAX (file): bad indentation: this key is indented 2 spaces, level with maxPoints on line 8, which is left without a value, ` +
        'while line 10 below is indented 4 as if under it; indent this key 4 spaces, like line 10',
    ]);
  });

  it('a list item at the wrong column, a "-" with no space, a key with no colon: one error each, at that line', () => {
    expect(childErrors(edit(CHILD_2018, '    - IA_PM_10\n', '    - IA_PM_10\n   - IA_PM_2\n'))).toEqual([
      `${F18}:19:4 PACK_YAML_SYNTAX (file): bad indentation: this list item is indented 3 spaces, but the items of the list above it are indented 4 (line 18); indent it 4 spaces`,
    ]);
    // Was 4 errors on lines 13-15, "a key must be on one line" and "deeper than line 13".
    expect(childErrors(edit(CHILD_2018, '    - id: IA_EPA_4', '    -id: IA_EPA_4'))).toEqual([
      `${F18}:13:5 PACK_YAML_SYNTAX (file): a list item needs a space after its "-": write "- id: IA_EPA_4"`,
    ]);
    expect(childErrors(edit(CHILD_2018, '  added:', '  added'))).toEqual([
      `${F18}:12:3 PACK_YAML_SYNTAX (file): 'added' has no colon: a key is followed by ":" (added:), then its value or, on the lines below, what it holds`,
    ]);
  });

  it('an unclosed quote, at the quote that opens it (the parser stops at the end of the file)', () => {
    expect(childErrors(edit(CHILD_2018, 'citation: 82 FR 53568', 'citation: "82 FR 53568'))).toEqual([
      `${F18}:6:15 PACK_YAML_SYNTAX (file): unclosed quote: the string that starts here with " runs on to line 22; end it with " on the line it starts`,
    ]);
  });

  // Issue 17: was "a mapping or list cannot be a key", from the library's "Nested mappings are not
  // allowed in compact mappings", with no word of quotes.
  it('an unquoted ": " in a reference: one error at the value, saying to quote it', () => {
    expect(childErrors(edit(CHILD_2018, 'reference: 82 FR 53660', 'reference: 82 FR 53660: the maximum of the category'))).toEqual([
      `${F18}:10:16 PACK_YAML_SYNTAX (file): the value of reference contains ": ", which YAML reads as a key inside the value; ` +
        'a value containing ": " must be quoted: write reference: "82 FR 53660: the maximum of the category"',
    ]);
    // In a flow mapping ({ … }), the library's message was "Block collections are not allowed within flow collections".
    const flow = edit(CHILD_2018, '  maxPoints:\n    value: 40\n    reference: 82 FR 53660', '  maxPoints: { value: 40, reference: 82 FR 53660: the maximum }');
    expect(childErrors(flow)).toEqual([
      `${F18}:8:38 PACK_YAML_SYNTAX (file): the value of reference contains ": ", which YAML reads as a key inside the value; ` +
        'a value containing ": " must be quoted: write reference: "82 FR 53660: the maximum"',
    ]);
  });

  it('a long value with ": " shows its first 60 characters in the fix', () => {
    const long = `42 CFR 414.1380(b)(3): ${'the category is scored on the activities attested, '.repeat(3)}`.trim();
    const [error] = childErrors(edit(CHILD_2018, 'title: Additional improvements in access', `title: ${long}`));
    expect(error).toBe(`${F18}:14:14 PACK_YAML_SYNTAX (file): the value of title contains ": ", which YAML reads as a key inside the value; ` +
      `a value containing ": " must be quoted: write title: ${JSON.stringify(`${long.slice(0, 60)}…`)}`);
  });

  it('an empty file', () => {
    expect(childErrors('')).toEqual([`${F18}:1:1 PACK_EMPTY (file): the file is empty; a pack needs at least year, title and sources`]);
    expect(childErrors('\n# nothing yet\n')).toEqual([`${F18}:1:1 PACK_EMPTY (file): the file holds only comments; a pack needs at least year, title and sources`]);
  });

  it('a file that is not a mapping', () => {
    expect(childErrors('- 2018\n')).toEqual([`${F18}:1:1 PACK_TYPE (file): the file is not a pack: it holds a list; a pack is a YAML mapping of keys (year, title, sources, …)`]);
  });

  it('a text that is not YAML (a README): one short error, quoting at most 60 characters of its line', () => {
    const long = `Prerequisites: Node.js 20 or later and npm (the one Node ships with). ${'More words. '.repeat(500)}`;
    const readme = `# mips-ia-rules\n\nA declarative rules engine.\n\n## Quick start\n\n${long}\n\n- \`npm ci\`: install\n`;
    const errors = childErrors(readme);
    expect(errors).toEqual([
      `${F18}:7:1 PACK_NOT_A_PACK (file): the file is not a pack: line 7 reads "Prerequisites: Node.js 20 or later and npm (the one Node shi…"; a pack is a YAML mapping of keys (year, title, sources, …)`,
    ]);
    expect(errors[0].length).toBeLessThan(250);
  });

  it('a huge file', () => {
    const huge = `${CHILD_2018}# ${'x'.repeat(5 * 1024 * 1024)}\n`;
    expect(childErrors(huge)).toEqual([`${F18}:1:1 PACK_TOO_LARGE (file): the file is 5.0 MiB; a pack holds one year and may be at most 4.0 MiB`]);
  });

  it('dates stay ISO strings (YAML 1.2 core schema)', () => {
    const [p17] = validatePacks([{ file: F17, text: BASE_2017 }]);
    expect(p17.pack!.parameters.get('thresholds.latestStartDate')!.value).toBe('2017-10-02');
  });
});

describe('loadPacks', () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'mips-ia-packs-')));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('throws PackValidationError listing every error of every pack', () => {
    writeFileSync(join(dir, '2017.yaml'), edit(BASE_2017, 'fact: specialStatus', 'fact: colour'));
    writeFileSync(join(dir, '2018.yaml'), edit(edit(CHILD_2018, 'title: MIPS', 'colour: x\ntitle: MIPS'), 'value: 40', 'value: -1'));
    let thrown: unknown;
    try {
      loadPacks(dir);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(PackValidationError);
    const err = thrown as PackValidationError;
    const lines = err.errors.map(formatPackError);
    expect(lines).toEqual([
      `${join(dir, '2017.yaml')}:29:17 PACK_ENUM rules.standard-points.conditions.all[0].fact: must be one of ${FACTS}`,
      `${join(dir, '2018.yaml')}:3:1 PACK_UNKNOWN_KEY colour: unknown key 'colour'; expected one of ${TOP_KEYS}`,
      `${join(dir, '2018.yaml')}:10:12 PACK_RANGE parameters.maxPoints.value: must be at least 0; found -1`,
    ]);
    expect(err.message).toBe(`3 pack error(s):\n${lines.join('\n')}`);
  });

  it('returns the packs by year when all are valid', () => {
    writeFileSync(join(dir, '2017.yaml'), BASE_2017);
    writeFileSync(join(dir, '2018.yaml'), CHILD_2018);
    const packs = loadPacks(dir);
    expect([...packs.keys()]).toEqual([2017, 2018]);
    expect(packs.get(2018)!.file).toBe(join(dir, '2018.yaml'));
  });
});

describe('materialization', () => {
  const valid = () => validatePacks([{ file: F17, text: BASE_2017 }, { file: F18, text: CHILD_2018 }]);

  it('inherits a parameter the child leaves unset, with the year that set it', () => {
    const p18 = valid()[1].pack!;
    expect(p18.parameters.get('thresholds.latestStartDate')).toEqual({
      name: 'thresholds.latestStartDate', year: 2017, value: '2017-10-02', reference: '81 FR 77186', unit: 'date', informational: true,
    });
    expect(p18.parameters.get('maxPoints')).toMatchObject({ year: 2018, value: 40, reference: '82 FR 53660' });
    expect(p18.rules.map((r) => [r.name, r.year])).toEqual([['no-ia-data', 2017], ['special-status-points', 2017], ['standard-points', 2017], ['weights', 2017]]);
  });

  it('lets a child remove an inherited rule with null', () => {
    const [r17, r18] = validatePacks([{ file: F17, text: BASE_2017 }, { file: F18, text: `${CHILD_2018}rules:\n  standard-points: null\n` }]);
    expect(r18.errors).toEqual([]);
    expect(r17.pack!.rules.map((r) => r.name)).toEqual(['no-ia-data', 'special-status-points', 'standard-points', 'weights']);
    expect(r18.pack!.rules.map((r) => r.name)).toEqual(['no-ia-data', 'special-status-points', 'weights']);
  });

  it('validates a child against a base set (a draft over published years)', () => {
    const base: PackSet = new Map([[2017, valid()[0].pack!]]);
    const [r18] = validatePacks([{ file: 'drafts/2018.yaml', text: CHILD_2018 }], base);
    expect(r18.errors).toEqual([]);
    expect(r18.pack!.hash).toBe(valid()[1].pack!.hash);
  });

  it('hashes content, not key order or file name', () => {
    const hash = (texts: PackText[]) => validatePacks(texts).map((r) => r.pack!.hash);
    const [h17, h18] = hash([{ file: F17, text: BASE_2017 }, { file: F18, text: CHILD_2018 }]);
    expect(hash([{ file: F17, text: BASE_2017 }, { file: F18, text: CHILD_2018 }])).toEqual([h17, h18]);

    // The same 2017 with top-level keys, an activity's keys and the two rules in another order.
    const [head, rest] = BASE_2017.split('rules:\n');
    const [rules, inventory] = rest.split('inventory:\n');
    const [rule1, rule2] = rules.split(/(?=^ {2}no-ia-data:)/m);
    const reordered = `${edit(head, 'year: 2017\ntitle: MIPS Improvement Activities 2017\n', 'title: MIPS Improvement Activities 2017\n')}` +
      `inventory:\n${edit(inventory, '    - id: IA_EPA_1\n      title: Provide 24/7 access\n      subcategory: expandedAccess\n      weight: high',
        '    - weight: high\n      subcategory: expandedAccess\n      title: Provide 24/7 access\n      id: IA_EPA_1')}` +
      `rules:\n${rule2}${rule1}year: 2017\n`;
    expect(reordered).not.toBe(BASE_2017);
    expect(hash([{ file: F17, text: reordered }, { file: F18, text: CHILD_2018 }])).toEqual([h17, h18]);
    expect(hash([{ file: 'elsewhere/2017.yaml', text: BASE_2017 }])).toEqual([h17]);

    // Different content: a different hash, for the pack and for the packs extending it.
    const [d17, d18] = hash([{ file: F17, text: edit(BASE_2017, 'Use of QCDR data', 'Use of QCDR data.') }, { file: F18, text: CHILD_2018 }]);
    expect(d17).not.toBe(h17);
    expect(d18).toBe(h18); // IA_PM_10 is removed in 2018, so 2018's content is unchanged
    const [e17, e18] = hash([{ file: F17, text: edit(BASE_2017, 'Provide 24/7 access', 'Provide 24/7 access.') }, { file: F18, text: CHILD_2018 }]);
    expect(e17).not.toBe(h17);
    expect(e18).not.toBe(h18);
  });
});
