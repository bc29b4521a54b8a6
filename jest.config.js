const transform = { '^.+\\.ts$': ['@swc/jest'] };
// Sources import each other with the `.js` suffix nodenext requires; Jest resolves the `.ts` file.
const moduleNameMapper = { '^(\\.{1,2}/.*)\\.js$': '$1' };
const project = (displayName, testMatch, extra = {}) => ({
  displayName,
  testMatch,
  transform,
  moduleNameMapper,
  extensionsToTreatAsEsm: ['.ts'],
  testEnvironment: 'node',
  ...extra,
});

export default {
  projects: [
    project('unit', ['<rootDir>/test/**/*.unit.spec.ts']),
    // Real databases and processes: on a loaded two-core machine a hook can take longer than Jest's 5 s default.
    project('integration', ['<rootDir>/test/**/*.int.spec.ts'], { slowTestThreshold: 30, testTimeout: 30_000 }),
    project('e2e', ['<rootDir>/test/**/*.e2e.spec.ts'], { slowTestThreshold: 30, testTimeout: 30_000 }),
  ],
};
