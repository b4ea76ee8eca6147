// Builds each entry point the way a bundler in an application would (everything the browser
// must load bundled in, idb and rxjs included, fully minified), and measures it min+gzip. An
// application build, not library mode: Vite's library mode keeps whitespace in ES output so
// that the application's bundler can still tree-shake it, and an editor never loads that form.
import { builtinModules } from 'node:module';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Rolldown } from 'vite';

/** The gzip level a static file server uses for precompressed assets. */
const GZIP_LEVEL = 9;

/** What an application writes to import an entry: `export *` of it, or the names it uses. */
interface BundleSpec {
  readonly name: string;
  /** Source file, and the names imported from it (all when absent). */
  readonly imports: readonly (readonly [file: string, names?: readonly string[]])[];
  /** Node code: its built-ins stay external, and it is exempt from the browser-only check. */
  readonly node?: boolean;
}

/** `labeltrail` and `labeltrail/video` together: what an editor with video loads. Budgeted. */
export const TOGETHER = 'labeltrail + labeltrail/video';
/** `import { createTrail } from 'labeltrail'`: an image-only editor, which pays for no video watcher. Budgeted. */
export const CREATE_TRAIL = 'createTrail alone';

/**
 * The bundles measured: the two budgeted ones, then each other entry alone. Host peers
 * (hls.js, Annotorious, Label Studio, Fabric.js) are never imported: the adapters only receive the host's objects.
 */
export const BUNDLES: readonly BundleSpec[] = [
  { name: TOGETHER, imports: [['src/index.ts'], ['src/capture/watchVideo.ts']] },
  { name: CREATE_TRAIL, imports: [['src/index.ts', ['createTrail']]] },
  { name: 'labeltrail', imports: [['src/index.ts']] },
  { name: 'labeltrail/video', imports: [['src/capture/watchVideo.ts']] },
  { name: 'labeltrail/annotorious', imports: [['src/capture/annotorious.ts']] },
  { name: 'labeltrail/label-studio', imports: [['src/capture/labelStudio.ts']] },
  { name: 'labeltrail/fabric', imports: [['src/capture/fabric.ts']] },
  { name: 'labeltrail/types', imports: [['src/types/index.ts']] },
  { name: 'labeltrail/types/platform', imports: [['src/types/platform/index.ts']] },
  { name: 'labeltrail/node', imports: [['src/node/index.ts']], node: true },
];

/** Host peer libraries: the host application already loads them. */
const HOST_PEERS = [/^@annotorious\//, /^hls\.js/, /^@heartexlabs\//, /^fabric$/];
/** Node's built-in modules, external to `labeltrail/node` as Node provides them. */
const NODE_BUILTINS = [/^node:/, new RegExp(`^(${builtinModules.join('|')})(/|$)`)];

/** Text that must never appear in a browser bundle: the collector and Node built-ins. */
export const FORBIDDEN_IN_BROWSER: readonly RegExp[] = [/pglite/i, /["']node:/, /createCollector/, /json_to_recordset/];

export interface BundleSize {
  readonly entry: string;
  readonly minBytes: number;
  readonly gzipBytes: number;
  /** Forbidden text found in a browser bundle (always empty for Node's). */
  readonly forbidden: string[];
}

function entrySource(spec: BundleSpec, root: string): string {
  return spec.imports
    .map(([file, names]) => {
      const from = JSON.stringify(resolve(root, file));
      // Names re-exported as they are, as an application imports them (no namespace objects).
      return names ? `export { ${names.join(', ')} } from ${from};` : `export * from ${from};`;
    })
    .join('\n');
}

/** Bundles one spec as an application build and measures it. */
export async function measureBundle(spec: BundleSpec): Promise<BundleSize> {
  const root = process.cwd();
  const dir = mkdtempSync(join(tmpdir(), 'labeltrail-bundle-'));
  try {
    const entry = join(dir, 'entry.js');
    writeFileSync(entry, entrySource(spec, root));
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
          external: spec.node ? [...HOST_PEERS, ...NODE_BUILTINS] : HOST_PEERS,
        },
      },
    })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
    const outputs = Array.isArray(output) ? output : [output];
    const code = outputs
      .flatMap((o) => o.output)
      .map((chunk) => (chunk.type === 'chunk' ? chunk.code : ''))
      .join('\n');
    return {
      entry: spec.name,
      minBytes: Buffer.byteLength(code),
      gzipBytes: gzipSync(code, { level: GZIP_LEVEL }).length,
      forbidden: spec.node ? [] : FORBIDDEN_IN_BROWSER.filter((re) => re.test(code)).map(String),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every bundle of `BUNDLES`, in its order. */
export async function measureAllBundles(): Promise<BundleSize[]> {
  const sizes: BundleSize[] = [];
  for (const spec of BUNDLES) sizes.push(await measureBundle(spec));
  return sizes;
}
