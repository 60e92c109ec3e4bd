/**
 * The house's boundaries, checked in CI (`npm run check:boundaries`). It reads as a map of
 * ARCHITECTURE.md: adapters → router → handlers → services → db, one way only.
 *
 *   adapters/   the only code that knows a platform (Telegram, Zalo, console, HTTP, web pages)
 *   router/     who is talking, which handler; the handler contract (context.ts)
 *   handlers/   conversations, platform-free
 *   jobs/       periodic work (reminders, scheduled announcements, housekeeping)
 *   delivery/   the outbox worker and channel lanes
 *   services/   the rules and all data access (the only callers of Prisma, with db/)
 *   db/, generated/   the database and the generated Prisma client
 *   lib/, i18n/, config/   plain helpers, translations, settings: they import no layer above
 * The composition root (src/*.ts: main, app, chat, start-*) wires them together.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: the two files belong together, or one of them should not know the other.',
      from: { pathNot: '^src/generated/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve to a file or an installed package.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'prisma-only-in-services',
      severity: 'error',
      comment: 'Only services/ and db/ touch the Prisma client or its generated types; others call a service.',
      from: { path: '^src/(adapters|router|handlers|jobs|delivery|lib|i18n|config)/' },
      to: { path: ['^src/generated/', '^src/db/', '^node_modules/@prisma/', '^node_modules/pglite-prisma-adapter/', '^node_modules/pg/'] },
    },
    {
      name: 'generated-client-only-in-services',
      severity: 'error',
      comment: 'The composition root opens the database (db/) but does not use the generated client itself.',
      from: { path: '^src/[^/]+\\.ts$' },
      to: { path: ['^src/generated/', '^node_modules/@prisma/client/'] },
    },
    {
      name: 'services-not-upward',
      severity: 'error',
      comment: 'Services hold the rules; they never reach up into conversations, channels, routing, delivery or jobs.',
      from: { path: '^src/(services|db)/' },
      to: { path: '^src/(adapters|router|handlers|jobs|delivery)/' },
    },
    {
      name: 'db-below-services',
      severity: 'error',
      comment: 'The database layer depends on nothing but itself, the generated client, lib and config.',
      from: { path: '^src/db/' },
      to: { path: '^src/', pathNot: '^src/(db|generated|lib|config)/' },
    },
    {
      name: 'handlers-not-upward',
      severity: 'error',
      comment: 'Handlers are platform-free: no adapters, no jobs; of the router only its handler contract (context.ts).',
      from: { path: '^src/handlers/' },
      to: { path: ['^src/(adapters|jobs)/', '^src/router/(?!context\\.ts$)', '^src/[^/]+\\.ts$'] },
    },
    {
      name: 'router-not-upward',
      severity: 'error',
      comment: 'The router knows handlers and services, never a platform or a job.',
      from: { path: '^src/router/' },
      to: { path: ['^src/(adapters|jobs)/', '^src/[^/]+\\.ts$'] },
    },
    {
      name: 'delivery-and-jobs-not-upward',
      severity: 'error',
      comment: 'Delivery and jobs send through senders they are given; they never import an adapter or the router.',
      from: { path: '^src/(delivery|jobs)/' },
      to: { path: ['^src/(adapters|router)/', '^src/[^/]+\\.ts$'] },
    },
    {
      name: 'lib-is-a-leaf',
      severity: 'error',
      comment: 'lib/ and i18n/ are plain helpers with no business rules: they import no other layer.',
      from: { path: '^src/(lib|i18n)/' },
      to: { path: '^src/', pathNot: '^src/(lib|i18n)/' },
    },
    {
      name: 'platform-libraries-in-adapters',
      severity: 'error',
      comment: 'Only the adapters know a platform: telegraf and the HTTP framework stay at the edge.',
      from: { path: '^src/', pathNot: '^src/adapters/' },
      to: { path: '^node_modules/(telegraf|fastify|@fastify)/' },
    },
    {
      name: 'product-not-tools-or-tests',
      severity: 'error',
      comment: 'src/ is the product: it never imports demo data, scratch databases, benchmarks, scripts or tests.',
      from: { path: '^src/' },
      to: { path: '^(test|tools|bench|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', '^src/generated/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
