// Year behaviour belongs in the packs: the engine, the service and the CLI name no performance
// year in code. Comments may (whole-line //, * and /* lines, trailing // comments, inline
// /* ... */), and so may module paths (ajv/dist/2020.js is a JSON Schema draft, not a year)
// and prose examples ("e.g. 2024" in a help text).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../engine/paths.js';

const FOLDERS = ['engine', 'server', 'cli'];
const YEAR = /\b(?:201[7-9]|202[0-6])\b/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : tsFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** The code of a line: comments, module paths and "e.g." examples removed. */
function codeOf(line: string): string {
  const trimmed = line.trimStart();
  if (trimmed.startsWith('//') || trimmed.startsWith('*') || trimmed.startsWith('/*')) return '';
  return line
    .replace(/\/\*.*?\*\//g, '')
    .replace(/(^|\s)\/\/.*$/, '$1')
    .replace(/(\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"`])[^'"`]*\2/g, '$1')
    .replace(/\be\.g\.,? \d{4}\b/g, 'e.g.');
}

/** file:line: text for each year literal in code. */
function yearLiterals(root: string, folders: readonly string[]): string[] {
  const found: string[] = [];
  for (const folder of folders) {
    const dir = join(root, folder);
    if (!existsSync(dir)) continue;
    for (const file of tsFiles(dir).sort()) {
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        if (YEAR.test(codeOf(line))) found.push(`${relative(root, file)}:${i + 1}: ${line.trim()}`);
      });
    }
  }
  return found;
}

describe('no year literals in engine/, server/ and cli/', () => {
  it('finds none outside comments', () => {
    expect(yearLiterals(packageRoot, FOLDERS)).toEqual([]);
  });

  it('tells code from comments, module paths and examples', () => {
    const flagged = (line: string) => YEAR.test(codeOf(line));
    expect(flagged('if (pack.year === 2024) return 0;')).toBe(true);
    expect(flagged("const start = '2017-01-01';")).toBe(true);
    expect(flagged('const url = "https://example.org/2019"; // see 2020')).toBe(true);
    expect(flagged('const x = 1; /* 2018 */ const y = 2021;')).toBe(true);
    expect(flagged('// 2017 was the transition year')).toBe(false);
    expect(flagged('   * from 2020 on, 50% of the NPIs')).toBe(false);
    expect(flagged('/* 2023: MVPs begin */')).toBe(false);
    expect(flagged('const cap = 40; // 2017 on')).toBe(false);
    expect(flagged('const x = 1; /* 2018 */')).toBe(false);
    expect(flagged("import { Ajv2020 } from 'ajv/dist/2020.js';")).toBe(false);
    expect(flagged(".argument('<year>', 'performance year, e.g. 2024')")).toBe(false);
    expect(flagged('const total = 20170;')).toBe(false);
  });
});
