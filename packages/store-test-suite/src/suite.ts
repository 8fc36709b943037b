import { it } from 'vitest';
import { basicsGroup } from './groups/basics.js';
import { closeGroup } from './groups/close.js';
import { concurrencyGroup } from './groups/concurrency.js';
import { corpusGroup } from './groups/corpus.js';
import { namesGroup } from './groups/names.js';
import { readOnlyGroup } from './groups/read-only.js';
import { versionsGroup } from './groups/versions.js';
import type { GroupName, HarnessFactory, SuiteOptions } from './harness.js';

const RUN: Record<GroupName, (label: string, createHarness: HarnessFactory, options: SuiteOptions) => void> =
  {
    basics: basicsGroup,
    versions: versionsGroup,
    names: namesGroup,
    concurrency: concurrencyGroup,
    close: closeGroup,
    readOnly: readOnlyGroup,
    corpus: corpusGroup,
  };

/**
 * The whole kit: every group, each test with a fresh store from `createHarness` and a back door into
 * its storage. `storeConformanceSuite('yaml', () => folderHarness('yaml'))`. A store that needs one
 * group only (or adds its own tests beside them) calls the groups one by one: `basicsGroup(...)`.
 */
export function storeConformanceSuite(
  label: string,
  createHarness: HarnessFactory,
  options: SuiteOptions = {},
): void {
  for (const [name, run] of Object.entries(RUN) as [GroupName, (typeof RUN)[GroupName]][]) {
    const reason = name === 'readOnly' ? undefined : options.skip?.[name];
    if (reason === undefined) run(label, createHarness, options);
    else it.skip(`${label}: ${name} (left out: ${reason})`, () => {});
  }
}
