// A verb's --format option, and --json / --markdown as its short forms (kept: scripts use them).
import { Option } from 'commander';
import { CliError } from './context.js';

export interface FormatOptions {
  format?: string;
  json?: boolean;
  markdown?: boolean;
}

/** `--format <format>` with these choices; the default (outputFormat's fallback) is said, not set, so --json can stand for it. */
export function formatOption(choices: readonly string[], what: string, byDefault = choices[0]): Option {
  return new Option('--format <format>', `print ${what} as one of these (default: ${byDefault})`).choices(choices);
}

/** The format asked for by --format, --json or --markdown (two different ones are a usage error), else the fallback. */
export function outputFormat(opts: FormatOptions, fallback: string): string {
  const asked: [flag: string, format: string][] = [];
  if (opts.format !== undefined) asked.push([`--format ${opts.format}`, opts.format]);
  if (opts.json) asked.push(['--json', 'json']);
  if (opts.markdown) asked.push(['--markdown', 'markdown']);
  if (new Set(asked.map(([, f]) => f)).size > 1) throw new CliError(`choose one of ${asked.map(([flag]) => flag).join(' and ')}`);
  return asked[0]?.[1] ?? fallback;
}
