/** The layer rule of STYLE.md §11: domain ← application ← infrastructure; projections read domain events. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'The domain depends on nothing but itself and a few pure libraries.',
      severity: 'error',
      from: { path: '^src/domain' },
      to: { pathNot: ['^src/domain', 'node_modules/(luxon|libphonenumber-js|date-holidays)'] , dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'application-not-infrastructure',
      severity: 'error',
      from: { path: '^src/application' },
      to: { path: '^src/(infrastructure|projections)' },
    },
    {
      name: 'projections-read-side-only',
      comment: 'Projections read domain events and the read side of the application (ports, views, queries, the event reader), never command handling or adapters: infrastructure binds their tokens.',
      severity: 'error',
      from: { path: '^src/projections' },
      to: { path: ['^src/infrastructure', '^src/application/(?!ports|views|queries|events)'] },
    },
    {
      name: 'event-reader-is-read-side',
      comment: 'Projections use the event reader, so it must not pull command handling in behind them.',
      severity: 'error',
      from: { path: '^src/application/events' },
      to: { path: '^src/application/(?!ports|events)' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true, dependencyTypesNot: ['type-only'] } },
    { name: 'no-orphans', severity: 'warn', from: { orphan: true, pathNot: ['\\.d\\.ts$', '(^|/)main\\.ts$'] }, to: {} },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
