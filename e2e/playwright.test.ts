/**
 * Runs the Playwright suite from Vitest, so `npm test` (and CI's summary of Vitest's
 * JSON report) counts every browser spec: one Vitest test per Playwright test, failing
 * with Playwright's message, or skipped with Playwright's reason (no Chromium, say).
 * Set SWITCHYARD_E2E=0 to leave the browser suite out of a quick local run.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { ROOT } from './global-setup.js';

interface PlaywrightResult {
  status: string;
  error?: { message?: string };
}
interface PlaywrightTest {
  status: 'expected' | 'unexpected' | 'flaky' | 'skipped';
  annotations: { type: string; description?: string }[];
  results: PlaywrightResult[];
}
interface PlaywrightSpec {
  title: string;
  file: string;
  tests: PlaywrightTest[];
}
interface PlaywrightSuite {
  title: string;
  specs?: PlaywrightSpec[];
  suites?: PlaywrightSuite[];
}
interface PlaywrightReport {
  suites?: PlaywrightSuite[];
  errors?: { message?: string }[];
}

interface Outcome {
  title: string;
  skipped?: string;
  failure?: string;
}

// The whole browser suite, every spec file in turn; a hung spec still ends the run.
const RUN_TIMEOUT_MS = 360_000;

async function runPlaywright(): Promise<{ outcomes: Outcome[]; crash?: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-e2e-'));
  const reportPath = join(dir, 'report.json');
  try {
    const output = await new Promise<string>((resolve) => {
      execFile(
        join(ROOT, 'node_modules', '.bin', 'playwright'),
        ['test', '-c', 'e2e/playwright.config.ts', '--reporter=line,json'],
        {
          cwd: ROOT,
          timeout: RUN_TIMEOUT_MS,
          maxBuffer: 16 * 1024 * 1024,
          env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_FILE: reportPath, FORCE_COLOR: '0' },
        },
        // A non-zero exit is expected when a spec fails; the report says which.
        (_error, stdout, stderr) => resolve(`${stdout}\n${stderr}`),
      );
    });
    let report: PlaywrightReport;
    try {
      report = JSON.parse(await readFile(reportPath, 'utf8')) as PlaywrightReport;
    } catch {
      return { outcomes: [], crash: `Playwright wrote no report:\n${output.slice(-4000)}` };
    }
    const outcomes = (report.suites ?? []).flatMap((suite) => collect(suite, []));
    const errors = (report.errors ?? []).map((error) => error.message ?? '').filter(Boolean);
    if (outcomes.length === 0 || errors.length > 0) {
      return { outcomes, crash: [...errors, output.slice(-4000)].join('\n') };
    }
    return { outcomes };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function collect(suite: PlaywrightSuite, path: string[]): Outcome[] {
  const here = suite.title === '' ? path : [...path, suite.title];
  const own = (suite.specs ?? []).flatMap((spec) =>
    spec.tests.map((test): Outcome => {
      const title = [...here, spec.title].join(' › ');
      if (test.status === 'skipped') {
        const reason = test.annotations.find((note) => note.type === 'skip')?.description;
        return { title, skipped: reason ?? 'skipped' };
      }
      if (test.status === 'unexpected') {
        const messages = test.results.map((result) => result.error?.message ?? result.status);
        return { title, failure: messages.join('\n---\n') };
      }
      return { title };
    }),
  );
  return [...own, ...(suite.suites ?? []).flatMap((child) => collect(child, here))];
}

const disabled = process.env['SWITCHYARD_E2E'] === '0';
const run = disabled ? { outcomes: [] } : await runPlaywright();
const skipReasons = new Set(run.outcomes.flatMap((outcome) => outcome.skipped ?? []));
// Said out loud, so a machine without Chromium cannot look like a green browser run.
for (const reason of skipReasons) console.warn(`Playwright e2e skipped: ${reason}`);

describe('Playwright e2e (e2e/specs)', () => {
  if (disabled) it.skip('skipped: SWITCHYARD_E2E=0', () => undefined);
  if (run.crash !== undefined) {
    it('runs the Playwright suite', () => {
      throw new Error(run.crash);
    });
  }
  for (const outcome of run.outcomes) {
    if (outcome.skipped !== undefined) {
      it.skip(`${outcome.title} (skipped: ${outcome.skipped})`, () => undefined);
      continue;
    }
    it(outcome.title, () => {
      if (outcome.failure !== undefined) throw new Error(outcome.failure);
    });
  }
});
