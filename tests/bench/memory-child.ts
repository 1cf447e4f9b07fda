// Run by the benchmark as a fresh process: opens the database the way the app's main process
// does (openStore: pragmas, migrations checked), shows the dashboard (a year, then this
// month, as a coordinator would), and prints its memory. A fresh process, so nothing the
// benchmark itself allocated (the seed, other measurements) is counted.
import { openStore } from '../../main/db/store.ts';
import { dashboardFigures } from '../../main/reports/dashboard.ts';

const [file, from, to, monthFrom, monthTo] = process.argv.slice(2) as [string, string, string, string, string];
const { store } = await openStore(file);
dashboardFigures(store, { from, to }, 'month');
dashboardFigures(store, { from: monthFrom, to: monthTo }, 'week');
const usage = process.memoryUsage();
console.log(
  JSON.stringify({
    rss: usage.rss,
    heapUsed: usage.heapUsed,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
    // Peak RSS of the process (kB on Linux).
    maxRss: process.resourceUsage().maxRSS * 1024,
  }),
);
store.close();
