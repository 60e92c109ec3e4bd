// `npm run bench -- <name> [options]`: runs one benchmark. Each prints its figures, the last line
// being one JSON object, e.g. {"bench":"inbound","db":"pglite",...}.
const benches: Record<string, () => Promise<{ main(args: string[]): Promise<void> }>> = {
  broadcast: () => import('./broadcast.js'),
  burst: () => import('./burst.js'),
  cluster: () => import('./cluster.js'),
  export: () => import('./export.js'),
  inbound: () => import('./inbound.js'),
  qa: () => import('./qa.js'),
  report: () => import('./report.js'),
};

const [name, ...args] = process.argv.slice(2);
const load = name ? benches[name] : undefined;
if (!load) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}> [options]`);
  process.exit(2);
}
await (await load()).main(args);
