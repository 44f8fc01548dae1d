// QRDA III → QPP JSON on CMS's own files (test/reference/external/qpp-conversion-tool/, the
// conversion tool's fixtures and samples; what each shows in the README there).
import { describe, expect, it } from 'vitest';
import { convertQrda, QrdaError } from '../../engine/qrda/convert.js';
import { parseXml, XML_LIMITS, XmlError } from '../../engine/qrda/xml.js';
import { externalJson, externalText } from './external.js';

const file = (name: string) => externalText(`qpp-conversion-tool/${name}`);

function refusal(text: string): QrdaError {
  try {
    convertQrda(text);
  } catch (e) {
    if (e instanceof QrdaError) return e;
    throw e;
  }
  throw new Error('converted');
}

function xmlError(text: string, limits = XML_LIMITS): XmlError {
  try {
    parseXml(text, limits);
  } catch (e) {
    if (e instanceof XmlError) return e;
    throw e;
  }
  throw new Error('parsed');
}

describe("the converter's round-trip pair", () => {
  it('valid-QRDA-III-abridged.xml converts to exactly clinicalDocument.expected.json (identity, PI and IA, key order included)', () => {
    const expected = externalJson('qpp-conversion-tool/clinicalDocument.expected.json');
    const { submission, warnings } = convertQrda(file('valid-QRDA-III-abridged.xml'));
    expect(JSON.stringify(submission)).toBe(JSON.stringify(expected));
    expect(warnings).toEqual([]);
  });

  it("the scoped fixture's IA section is what the 2018 sample converts to", () => {
    const scoped = externalJson('qpp-conversion-tool/scopedConversionFixture.json');
    const ia = convertQrda(file('valid-QRDA-III-latest-2018.xml')).submission.measurementSets.find((s) => s.category === 'ia');
    // A scoped conversion encodes the section alone: everything but programName and source.
    expect(ia).toEqual({ ...scoped.IA_SECTION, programName: 'mips', source: 'qrda3' });
  });
});

describe("CMS's sample documents", () => {
  const cases: [string, Record<string, unknown>, string[], string, string][] = [
    ['valid-QRDA-III-latest-2018.xml', { performanceYear: 2018, entityType: 'individual', nationalProviderIdentifier: '0777777777', taxpayerIdentificationNumber: '000777777' }, ['IA_EPA_3', 'IA_CC_10'], '2018-01-01', '2018-04-30'],
    ['valid-QRDA-III-latest.2024.xml', { performanceYear: 2024, entityType: 'individual' }, ['IA_EPA_3', 'IA_CC_10'], '2024-01-01', '2024-04-30'],
    ['valid-QRDA-III-latest.2025.xml', { performanceYear: 2025, entityType: 'individual' }, ['IA_EPA_3', 'IA_CC_10'], '2025-01-01', '2025-04-30'],
    ['App1-Group-QRDA-III.2022.xml', { performanceYear: 2022, entityType: 'group', taxpayerIdentificationNumber: '000777777' }, ['IA_BE_4', 'IA_BE_15', 'IA_CC_2', 'IA_CC_13', 'IA_EPA_1'], '2022-09-27', '2022-12-25'],
    ['demo-mips-virtual-group.xml', { performanceYear: 2022, entityType: 'virtualGroup', entityId: 'x12345' }, ['IA_EPA_3', 'IA_CC_10'], '2020-01-01', '2020-04-30'],
  ];
  for (const [name, identity, activities, start, end] of cases) {
    it(`${name}: identity, the IA set and its period`, () => {
      const { submission, warnings } = convertQrda(file(name));
      expect(submission).toMatchObject(identity);
      const ia = submission.measurementSets.find((s) => s.category === 'ia')!;
      expect(ia).toMatchObject({ submissionMethod: 'electronicHealthRecord', performanceStart: start, performanceEnd: end, source: 'qrda3' });
      expect((ia.measurements as { measureId: string; value: boolean }[])).toEqual(activities.map((measureId) => ({ measureId, value: true })));
      expect(warnings).toEqual([expect.stringMatching(/^the eCQM measure section \(quality\) at \/ClinicalDocument\/.+ \(line \d+\) is not converted here/)]);
    });
  }

  it('App1 group: MIPS_APP1_GROUP is programName app1, a group (no NPI)', () => {
    const { submission } = convertQrda(file('App1-Group-QRDA-III.2022.xml'));
    expect(submission.nationalProviderIdentifier).toBeUndefined();
    expect(submission.measurementSets.map((s) => s.programName)).toEqual(['app1', 'app1']);
  });

  it('the 1.2 MB 2018 group sample (84 activities and IA_PCMH) fits the bounds', () => {
    const text = file('MIPS_GROUP_QRDA_III_PI_IA_Sample1.2018.xml');
    expect(text.length * 4).toBeLessThan(XML_LIMITS.maxChars * 1.01);
    const ia = convertQrda(text).submission.measurementSets.find((s) => s.category === 'ia')!;
    const ids = (ia.measurements as { measureId: string }[]).map((m) => m.measureId);
    expect(ids).toContain('IA_PCMH');
    expect(new Set(ids).size).toBe(85);
  });
});

describe('program names and identity templates, as the converter maps them', () => {
  const doc = externalText('qpp-conversion-tool/valid-QRDA-III-abridged.xml');
  const withProgram = (name: string, extra = '') => doc
    .replace('extension="MIPS"/>', `extension="${name}"/>`)
    .replace('<id root="2.16.840.1.113883.4.2" extension="123456789"/>', `<id root="2.16.840.1.113883.4.2" extension="123456789"/>${extra}`);
  const cases: [string, string, Record<string, unknown>, string | undefined][] = [
    ['MIPS_INDIV', '', { entityType: 'individual', nationalProviderIdentifier: '2567891421', taxpayerIdentificationNumber: '123456789' }, 'MVP01123'],
    ['mips_group', '', { entityType: 'group', taxpayerIdentificationNumber: '123456789' }, 'MVP01123'],
    ['MIPS_VIRTUALGROUP', '<id root="2.16.840.1.113883.3.249.5.2" extension="VG-1"/>', { entityType: 'virtualGroup', taxpayerIdentificationNumber: '123456789', entityId: 'VG-1' }, 'mips'],
    ['MIPS_APMENTITY', '<id root="2.16.840.1.113883.3.249.5.4" extension="A1234"/>', { entityType: 'apm', entityId: 'A1234' }, 'MVP01123'],
    ['MIPS_SUBGROUP', '<id root="2.16.840.1.113883.3.249.5.5" extension="SG-1"/>', { entityType: 'subgroup', entityId: 'SG-1' }, 'MVP01123'],
    ['MIPS_APP1_INDIV', '', { entityType: 'individual', nationalProviderIdentifier: '2567891421' }, 'app1'],
    ['MIPS_APP1_APMENTITY', '<id root="2.16.840.1.113883.3.249.5.4" extension="A1234"/>', { entityType: 'apm', entityId: 'A1234' }, 'app1'],
    ['APP_PLUS_GROUP', '', { entityType: 'group', taxpayerIdentificationNumber: '123456789' }, 'appPlus'],
    ['PCF', '', { entityType: 'apm' }, 'pcf'],
  ];
  for (const [name, extra, identity, programName] of cases) {
    it(`${name}`, () => {
      const { submission, warnings } = convertQrda(withProgram(name, extra));
      expect(submission).toMatchObject(identity);
      if (identity.entityType !== 'individual') expect(submission.nationalProviderIdentifier).toBeUndefined();
      if (identity.entityType === 'apm' || identity.entityType === 'subgroup') expect(submission.taxpayerIdentificationNumber).toBeUndefined();
      expect(submission.measurementSets.find((s) => s.category === 'ia')?.programName).toBe(programName);
      if (name === 'PCF') expect(warnings).toEqual(['The QRDA-III submission for PCF should not contain an Improvement Activities section. The Improvement Activities data will be ignored. (conversion tool warning 90)']);
    });
  }

  it('refuses a program name the converter does not know (error 25), and none (24)', () => {
    expect(refusal(withProgram('MIPSAPM')).problems[0]).toMatchObject({ code: 'QRDA_PROGRAM_NAME', message: expect.stringMatching(/MIPSAPM is not one of .*\(conversion tool error 25\)$/) });
    expect(refusal(doc.replace('<id root="2.16.840.1.113883.3.249.7"', '<id root="1.2.3"')).problems[0].message).toMatch(/error 24\)$/);
  });
});

describe("what the converter refuses in an IA section, with the document's path and line", () => {
  it('no activity: error 43', () => {
    const e = refusal(file('negative-iaSectionMissingMeasures.xml'));
    expect(e.problems).toEqual([{ path: '/ClinicalDocument/component/structuredBody/component/section', code: 'QRDA_IA_NO_ACTIVITY', message: expect.stringMatching(/at least one Improvement Activity.*\(conversion tool error 43\)$/), line: 144, col: expect.any(Number) }]);
  });

  it('no reporting parameters act: error 44', () => {
    expect(refusal(file('negative-iaSectionMissingReportingParameter.xml')).problems).toEqual([expect.objectContaining({ code: 'QRDA_IA_REPORTING_PARAMETERS', message: expect.stringMatching(/error 44\)$/) })]);
  });

  it('a foreign child (an aggregate count): error 45, at that child', () => {
    const [p] = refusal(file('negative-iaSectionContainsWrongChild.xml')).problems;
    expect(p).toMatchObject({ code: 'QRDA_IA_WRONG_CHILD', path: '/ClinicalDocument/component/structuredBody/component/section/entry[2]/organizer', line: 203 });
    expect(p.message).toMatch(/PI_AGGREGATE_COUNT \(templateId 2\.16\.840\.1\.113883\.10\.20\.27\.3\.3\) \(conversion tool error 45\)$/);
  });

  it('the 2020 invalid-period sample: its reporting parameters inside each activity leave the section without its own (error 44)', () => {
    const [p] = refusal(file('negative-MIPS_Invalid_IA_Performance_Period.2020.xml')).problems;
    expect(p).toMatchObject({ code: 'QRDA_IA_REPORTING_PARAMETERS', path: '/ClinicalDocument/component/structuredBody/component[2]/section' });
  });

  it('an activity without its Y/N (error 51), a period without a start (29) or with a bad date (69)', () => {
    const doc = file('valid-QRDA-III-abridged.xml');
    expect(refusal(doc.replace('code="Y" displayName="Yes"', 'code="maybe" displayName="Yes"')).problems[0].message).toMatch(/Y or an N .*"maybe".*error 51\)$/);
    const ia = doc.lastIndexOf('<low value="20180101"/>');
    expect(refusal(doc.slice(0, ia) + doc.slice(ia + '<low value="20180101"/>'.length)).problems[0].message).toMatch(/performanceStart.*it has 0 \(conversion tool error 29\)$/);
    expect(refusal(doc.slice(0, ia) + '<low value="2018AB01"/>' + doc.slice(ia + '<low value="20180101"/>'.length)).problems[0].message).toMatch(/error 69\)$/);
  });

  it('a fragment is not a QRDA III document (error 5)', () => {
    expect(refusal(file('IaSection.fragment.xml')).problems[0]).toMatchObject({ code: 'QRDA_NOT_QRDA_III', path: '/component' });
  });
});

describe('safe XML: no DTD, no entities, bounded', () => {
  it('refuses a DOCTYPE, internal entities (billion laughs) and external ones, before expanding anything', () => {
    const laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]><a>&lol2;</a>';
    const external = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>';
    for (const text of [laughs, external, '<!DOCTYPE ClinicalDocument><ClinicalDocument/>']) expect(xmlError(text).code).toBe('XML_DOCTYPE');
    expect(xmlError('<a>&foo;</a>')).toMatchObject({ code: 'XML_SYNTAX', line: 1 });
  });

  it('stops at the depth, element, attribute and size bounds', () => {
    expect(xmlError(`${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`).code).toBe('XML_TOO_DEEP');
    expect(xmlError(`<r>${'<a/>'.repeat(100)}</r>`, { ...XML_LIMITS, maxElements: 50 }).code).toBe('XML_TOO_MANY_ELEMENTS');
    expect(xmlError(`<a ${Array.from({ length: 100 }, (_, i) => `a${i}="1"`).join(' ')}/>`).code).toBe('XML_TOO_MANY_ATTRIBUTES');
    expect(xmlError('<a/>', { ...XML_LIMITS, maxChars: 3 }).code).toBe('XML_TOO_LARGE');
  });

  it('names where a document is not well-formed', () => {
    expect(xmlError('<a>\n<b></a>')).toMatchObject({ code: 'XML_SYNTAX', line: 2 });
    expect(xmlError('').code).toBe('XML_SYNTAX');
  });
});
