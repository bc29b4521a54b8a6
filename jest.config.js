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
  // Real databases and processes: on a loaded two-core machine a hook can take longer than Jest's 5 s default.
  // (Set globally: Jest ignores testTimeout inside a project.)
  testTimeout: 30_000,
  projects: [
    project('unit', ['<rootDir>/test/**/*.unit.spec.ts']),
    project('integration', ['<rootDir>/test/**/*.int.spec.ts'], { slowTestThreshold: 30 }),
    project('e2e', ['<rootDir>/test/**/*.e2e.spec.ts'], { slowTestThreshold: 30 }),
  ],
};
