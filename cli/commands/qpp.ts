// mips-ia qpp score|convert: what POST /v1/qpp/score-preview and POST /v1/qpp/convert answer, from a file.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadProfiles, ProfilesError } from '../../engine/qpp/profiles.js';
import { scoreQpp } from '../../engine/qpp/score.js';
import { convertQrda, QrdaError, type Conversion } from '../../engine/qrda/convert.js';
import { XmlError } from '../../engine/qrda/xml.js';
import { ScoreError } from '../../engine/score/score-error.js';
import { CliError, EXIT, type CliContext, printJson } from '../context.js';

interface ScoreOpts {
  explain?: boolean;
  profiles?: string;
}

export function register(program: Command, ctx: CliContext): void {
  const qpp = program.command('qpp').description('QPP Submissions API bodies and QRDA III documents, as the service takes them');
  qpp
    .command('score')
    .description("score a QPP submission (JSON) or a QRDA III document (XML), told apart by content; print CMS's score shape as POST /v1/qpp/score-preview does")
    .argument('<file>', 'a QPP submission JSON or QRDA III XML file, or - for standard input')
    .option('--explain', "add data.mipsIa: each ia set's native result with its rule explanations")
    .option('--profiles <file>', 'a profiles file (.json or .csv) whose context fills the submission by TIN and NPI')
    .action((file: string, opts: ScoreOpts) => score(ctx, file, opts));
  qpp
    .command('convert')
    .description("print the QPP submission JSON that CMS's conversion tool produces from a QRDA III document; what is left out goes to standard error")
    .argument('<file>', 'a QRDA III XML file, or - for standard input')
    .action((file: string) => {
      const conversion = convert(ctx, readText(file));
      if (conversion) printJson(ctx.print, conversion.submission);
    });
}

function readText(file: string): string {
  return file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
}

/** XML starts with '<' (after a byte-order mark and white space); anything else is read as JSON. */
function isXml(text: string): boolean {
  return /^\uFEFF?\s*</.test(text);
}

/** The conversion, its warnings on standard error; a refusal is reported (exit 1) and undefined returned. */
function convert(ctx: CliContext, text: string): Conversion | undefined {
  try {
    const conversion = convertQrda(text);
    for (const w of conversion.warnings) ctx.io.stderr(`mips-ia: warning: ${w}\n`);
    return conversion;
  } catch (e) {
    if (e instanceof XmlError) {
      ctx.io.stderr(`mips-ia: ${e.code}: ${e.message}${e.line !== undefined ? ` (line ${e.line}, column ${e.column})` : ''}\n`);
    } else if (e instanceof QrdaError) {
      ctx.io.stderr(`mips-ia: ${e.message}\n${e.problems.map((p) => `  ${p.path} (line ${p.line}): ${p.code}: ${p.message}\n`).join('')}`);
    } else {
      throw e;
    }
    ctx.exitCode = EXIT.invalid;
    return undefined;
  }
}

async function score(ctx: CliContext, file: string, opts: ScoreOpts): Promise<void> {
  let profile;
  try {
    profile = opts.profiles ? loadProfiles(opts.profiles) : undefined;
  } catch (e) {
    if (e instanceof ProfilesError) throw new CliError(e.message);
    throw e;
  }
  const text = readText(file);
  let input: unknown;
  let warnings: string[] = [];
  if (isXml(text)) {
    const conversion = convert(ctx, text);
    if (!conversion) return;
    ({ submission: input, warnings } = conversion);
  } else {
    try {
      input = JSON.parse(text);
    } catch (e) {
      throw new CliError(`${file} is neither XML nor JSON: ${(e as Error).message}`, EXIT.invalid);
    }
  }
  try {
    const { body } = await scoreQpp(ctx.packs(), input, { explain: opts.explain ?? false, profile, warnings });
    printJson(ctx.print, body);
  } catch (e) {
    if (!(e instanceof ScoreError)) throw e;
    ctx.io.stderr(`mips-ia: ${e.code}: ${e.message}\n${e.errors.map((p) => `  ${p.path}: ${p.message}\n`).join('')}`);
    ctx.exitCode = EXIT.invalid;
  }
}
