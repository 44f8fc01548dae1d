// Where the browser test finds Chromium, and what a run says when it is not there. The test runs
// wherever Chromium is; without it the suite still passes and ends with a notice saying how to run
// it, except under CI, where a missing Chromium fails the run so that CI always drives the page.
import { existsSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const chromiumFound = existsSync(CHROMIUM);
/** CI=true (or any value but 0 and false): the browser test must run. */
export const chromiumRequired = !['', '0', 'false'].includes((process.env.CI ?? '').toLowerCase());

const HOW_TO = 'install Chromium (Debian: `apt-get install -y chromium`, as .ci/run does) or set CHROMIUM_PATH to a Chromium or Chrome binary';
export const MISSING = `no Chromium at ${CHROMIUM}${process.env.CHROMIUM_PATH ? ' (CHROMIUM_PATH)' : ''}`;
export const REQUIRED_MESSAGE = `${MISSING}: the browser test (test/web/page.test.ts) needs it and CI requires it; ${HOW_TO}.`;

/** Prints, after vitest's summary, that the browser test was skipped and how to run it. */
export class BrowserSkipNotice implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    if (chromiumFound || chromiumRequired || !modules.some((m) => m.moduleId.endsWith('/test/web/page.test.ts'))) return;
    process.stdout.write(`\n  BROWSER TEST SKIPPED: ${MISSING}.\n  To run it, ${HOW_TO}, then run npm test again.\n\n`);
  }
}
