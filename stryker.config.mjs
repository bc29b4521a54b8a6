import jestConfig from './jest.config.js';

const unit = jestConfig.projects.find((project) => project.displayName === 'unit');

// Mutation testing of the domain rules against the unit tier only: `npm run mutation` (not in CI: it takes about 30 min on 2 cores).
export default {
  testRunner: 'jest',
  jest: { projectType: 'custom', config: { ...unit }, enableFindRelatedTests: true },
  testRunnerNodeArgs: ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning'],
  mutate: ['src/domain/**/*.ts'],
  coverageAnalysis: 'perTest',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
  concurrency: 2,
  // Stryker times a mutant against the dry run plus this margin; with other work on the machine a
  // Jest run can take many seconds longer than it did then, and the default 5 s made such runs
  // count as killed by timeout (44 of 80 mutants of dial-completion.ts once). A real endless loop
  // costs 30 s at worst.
  timeoutMS: 30_000,
  tempDirName: '.stryker-tmp',
};
