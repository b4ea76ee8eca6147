import { measureAllBundles } from './bench/lib/bundles.js';
for (const b of await measureAllBundles()) console.log(b.entry, b.minBytes, b.gzipBytes, b.forbidden);
