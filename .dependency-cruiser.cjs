// Import boundaries of Agora (ARCHITECTURE.md, "Allowed imports"). `npm run lint` runs this.
// A feature is any folder of server/src that is not infrastructure or a pure library.
const infra = '(db|http|web|testing|course-format|progression|selection|tabular)'
const feature = `server/src/(?!${infra}/)([^/]+)/`
const notTest = '(\\.test\\.ts|/testing/.*)$'

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'pure-libraries',
      comment:
        'course-format/, progression/, selection/ and tabular/ are pure: no database, no HTTP plumbing, no feature, no I/O framework.',
      severity: 'error',
      from: {
        path: '^server/src/(course-format|progression|selection|tabular)/',
        pathNot: notTest,
      },
      to: {
        pathNot: [
          '^server/src/(course-format|progression|selection|tabular)/',
          '^node_modules/(xstate|markdown-it|markdown-it-anchor|markdown-it-container|yaml|entities|linkify-it|mdurl|uc.micro|punycode|highs|exceljs)/',
          '^(node:)?(path|url|crypto)$',
        ],
      },
    },
    {
      name: 'progression-no-node',
      comment: 'The machine runs in the browser too: it imports xstate and its own files only.',
      severity: 'error',
      from: { path: '^server/src/progression/', pathNot: notTest },
      to: { pathNot: ['^server/src/progression/', '^node_modules/xstate/'] },
    },
    {
      name: 'migrations-frozen',
      comment: 'A migration is frozen in time: it imports kysely, never the application.',
      severity: 'error',
      from: { path: '^migrations/' },
      to: { path: '^(server|web|scripts)/' },
    },
    {
      name: 'db-below-features',
      comment: 'db/ is infrastructure: it knows table types, never a feature.',
      severity: 'error',
      from: { path: '^server/src/db/', pathNot: notTest },
      to: { path: feature },
    },
    {
      name: 'web-through-contract',
      comment:
        'The web sees the server only through @agora/server/contract (types, schemas, constants) and the pure progression machine.',
      severity: 'error',
      from: { path: '^web/' },
      to: {
        path: '^server/',
        pathNot: ['^server/src/contract\\.ts$', '^server/src/progression/index\\.ts$'],
      },
    },
    {
      name: 'contract-is-declarations',
      comment:
        'The contract holds types, schemas and constants: it may import schemas, problem types and pure constants, never a service, a query or the database.',
      severity: 'error',
      from: { path: '^server/src/contract\\.ts$' },
      to: {
        path: '^server/src/',
        pathNot: [
          '/schemas\\.ts$',
          '^server/src/http/problem\\.ts$',
          '/(actions|constants|roles|languages|view)\\.ts$',
          '^server/src/progression/',
          '^server/src/course-format/gift/(types|learner-view)\\.ts$',
        ],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'features-through-service',
      comment:
        'A feature uses another feature through its service.ts, never its queries, routes or internals (each table has one owner).',
      severity: 'error',
      from: { path: `^${feature}`, pathNot: notTest },
      to: {
        path: `^${feature}`,
        pathNot: ['^server/src/$1/', '/service\\.ts$'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'no-queries-across-features',
      comment: "Another feature's queries are never imported, not even for types.",
      severity: 'error',
      from: { path: `^${feature}`, pathNot: notTest },
      to: { path: `^${feature}queries`, pathNot: '^server/src/$1/' },
    },
    {
      name: 'no-circular-features',
      comment: 'Two features that import each other are one feature, or need a third place.',
      severity: 'error',
      from: { path: `^${feature}`, pathNot: notTest },
      to: { circular: true, path: `^${feature}`, pathNot: '^server/src/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|build|\\.svelte-kit|paraglide)/' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.svelte', '.json'],
    },
    // web/ resolves $lib through its own alias; only its imports of the server matter here.
    externalModuleResolutionStrategy: 'node_modules',
    preserveSymlinks: false,
  },
}
