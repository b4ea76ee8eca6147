// Builds each browser entry point the way a bundler in an application would (everything the
// browser must load bundled in, fully minified), and measures it min+gzip. An application
// build, not library mode: Vite's library mode keeps whitespace in ES output so that the
// application's bundler can still tree-shake it, and an editor never loads that form.
import { gzipSync } from 'node:zlib';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Rolldown } from 'vite';

/** The gzip level a static file server uses for precompressed assets. */
const GZIP_LEVEL = 9;

/**
 * Browser entry points. `core` is what `import 'labeltrail'` loads (the trail attaches the
 * capture layer, so it already holds capture and video); the others are measured alone to
 * show what each part weighs. The hls.js glue has no module of its own: `watchVideo` takes
 * an hls.js-like object and never imports hls.js, so it is inside `video`.
 */
export const ENTRIES = {
  core: 'src/index.ts',
  capture: 'src/capture/attachCapture.ts',
  video: 'src/capture/watchVideo.ts',
  annotorious: 'src/capture/annotorious.ts',
  dom: 'src/capture/domEvents.ts',
} as const;

export type EntryName = keyof typeof ENTRIES;

/** Peer libraries the host application already loads; the adapters only receive their objects. */
const HOST_PEERS = [/^@annotorious\//, /^hls\.js/];
/** The runtime dependencies: bundled in for what an editor loads, left out to weigh labeltrail's own code. */
const RUNTIME_DEPENDENCIES = [/^idb(\/|$)/, /^rxjs(\/|$)/];

/** Text that must never appear in a browser bundle: the collector and Node built-ins. */
export const FORBIDDEN_IN_BROWSER: readonly RegExp[] = [/pglite/i, /["']node:/, /createCollector/, /json_to_recordset/];

export interface BundleSize {
  readonly entry: string;
  readonly minBytes: number;
  readonly gzipBytes: number;
  readonly forbidden: string[];
}

/**
 * Bundles the given source files as one entry (a generated module re-exporting them all);
 * `ownCodeOnly` leaves idb and rxjs out, to weigh labeltrail's own code.
 */
export async function measureBundle(name: string, files: readonly string[], ownCodeOnly = false): Promise<BundleSize> {
  const root = process.cwd();
  const dir = mkdtempSync(join(tmpdir(), 'labeltrail-bundle-'));
  try {
    const entry = join(dir, 'entry.js');
    // Names re-exported as they are, as an application imports them (no namespace objects).
    writeFileSync(entry, files.map((f) => `export * from ${JSON.stringify(resolve(root, f))};`).join('\n'));
    const output = (await build({
      root,
      configFile: false,
      logLevel: 'silent',
      build: {
        write: false,
        target: 'es2022',
        minify: true,
        modulePreload: false,
        // The entry keeps its exports, as the application module that imports it would use them.
        rollupOptions: {
          input: entry,
          preserveEntrySignatures: 'exports-only',
          external: ownCodeOnly ? [...HOST_PEERS, ...RUNTIME_DEPENDENCIES] : HOST_PEERS,
        },
      },
    })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
    const outputs = Array.isArray(output) ? output : [output];
    const code = outputs
      .flatMap((o) => o.output)
      .map((chunk) => (chunk.type === 'chunk' ? chunk.code : ''))
      .join('\n');
    return {
      entry: name,
      minBytes: Buffer.byteLength(code),
      gzipBytes: gzipSync(code, { level: GZIP_LEVEL }).length,
      forbidden: FORBIDDEN_IN_BROWSER.filter((re) => re.test(code)).map(String),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The bundle the budgets are about: everything an editor loads for the browser side. */
export const TOGETHER = 'core+capture+video';
/** The same, without idb and rxjs: labeltrail's own code. */
export const OWN_CODE = 'core+capture+video (own code)';

/**
 * Every entry alone, and core + capture + video together as one application would load them,
 * with and without its dependencies.
 */
export async function measureAllBundles(): Promise<BundleSize[]> {
  const sizes: BundleSize[] = [];
  for (const [name, file] of Object.entries(ENTRIES)) sizes.push(await measureBundle(name, [file]));
  const together = [ENTRIES.core, ENTRIES.capture, ENTRIES.video];
  sizes.push(await measureBundle(TOGETHER, together));
  sizes.push(await measureBundle(OWN_CODE, together, true));
  return sizes;
}
