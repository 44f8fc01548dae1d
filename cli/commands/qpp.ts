// mips-ia qpp score|convert: what POST /v1/qpp/score-preview and POST /v1/qpp/convert answer, from a file.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Conversion } from '../../engine/qrda/convert.js';
import { CliError, type CliContext, printJson } from '../context.js';

/**
 * The QPP and QRDA engine, imported when a qpp verb runs: its schemas compile as it loads
 * (0.1-0.3 s), which every other verb would otherwise pay before it starts.
 */
const qppEngine = async () => ({
  ...(await import('../../engine/qpp/profiles.js')),
  ...(await import('../../engine/qpp/score.js')),
  ...(await import('../../engine/usecases/qpp.js')),
});

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
    .action(async (file: string) => printJson(ctx.print, warn(ctx, (await qppEngine()).convertDocument(readText(file))).submission));
}

function readText(file: string): string {
  return file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
}

/** What was left out of a document, on standard error. */
function warn<T extends Pick<Conversion, 'warnings'>>(ctx: CliContext, conversion: T): T {
  for (const w of conversion.warnings) ctx.io.stderr(`mips-ia: warning: ${w}\n`);
  return conversion;
}

async function score(ctx: CliContext, file: string, opts: ScoreOpts): Promise<void> {
  const { loadProfiles, ProfilesError, qppSubmissionOf, scoreQpp } = await qppEngine();
  let profile;
  try {
    profile = opts.profiles ? loadProfiles(opts.profiles) : undefined;
  } catch (e) {
    if (e instanceof ProfilesError) throw new CliError(e.message);
    throw e;
  }
  const { submission, warnings } = warn(ctx, qppSubmissionOf(readText(file), file));
  const { body } = await scoreQpp(ctx.packs(), submission, { explain: opts.explain ?? false, profile, warnings });
  printJson(ctx.print, body);
}
