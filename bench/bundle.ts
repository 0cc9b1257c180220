/**
 * `npm run bench:bundle` — bundles every route handler of THE route table and the ingest function with
 * esbuild, with the settings CDK uses (infra/aws/bundling.ts: ESM, node24, minify, bundle, mainFields
 * module,main, the AWS SDK left to the runtime), and prints each function's minified size and its largest
 * inputs; the baseline, measured in the same run, is the same bundle with the AWS SDK bundled in.
 * Goal: ≤ 300 KB per function. Also checks that a function bundles no AWS SDK client its route's `access`
 * does not call for (a public route must never pull Cognito).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { ROUTES, type Route, routeKey } from '#functions/http/routes.ts';
import { lambdaBuildOptions } from '#infra/aws/bundling.ts';

const ROOT = resolve('.');
const BUDGET = 300 * 1024;

/** Which SDK clients an access level justifies. */
const CLIENT_FOR: Record<string, string[]> = {
  table: ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'],
  snapshot: ['@aws-sdk/client-s3', '@aws-sdk/lib-storage'],
  cognito: ['@aws-sdk/client-cognito-identity-provider'],
  ingest: ['@aws-sdk/client-lambda'],
  mail: ['@aws-sdk/client-ses'],
};

const clientsFor = (...access: string[]) => new Set(access.flatMap((a) => CLIENT_FOR[a] ?? []));

interface Fn {
  name: string;
  entry: string;
  allowed: Set<string>;
}

const functions: Fn[] = [
  ...(ROUTES as readonly Route[]).map((r) => ({
    name: routeKey(r),
    entry: r.handler,
    allowed: new Set(Object.entries(r.access).flatMap(([k, v]) => (v ? (CLIENT_FOR[k] ?? []) : []))),
  })),
  {
    name: 'ingest',
    entry: 'functions/ingest/handler.ts',
    // The ingest also invokes the alerts function after a publish.
    allowed: clientsFor('table', 'snapshot', 'ingest'),
  },
  // The alerts functions share one clients module (functions/alerts/clients.ts): table, changes, Cognito, SES.
  ...['evaluate', 'digest', 'bounce'].map((name) => ({
    name: `alerts ${name}`,
    entry: `functions/alerts/${name}.ts`,
    allowed: clientsFor('table', 'snapshot', 'cognito', 'mail'),
  })),
];

/** `node_modules/@aws-sdk/client-s3/dist-es/…` → `@aws-sdk/client-s3`; project files keep their path. */
function packageOf(input: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(
    input.split('node_modules/').length > 2 ? input.slice(input.lastIndexOf('node_modules/')) : input,
  );
  return m ? (m[1] as string) : input;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const outdir = await mkdtemp(join(tmpdir(), 'plein-bundle-'));
const rows: {
  fn: Fn;
  bytes: number;
  withSdk: number;
  top: [string, number][];
  stray: string[];
  ms: number;
}[] = [];
try {
  for (const fn of functions) {
    const started = performance.now();
    const outfile = join(outdir, `${basename(fn.entry, '.ts')}-${rows.length}.mjs`);
    const settings: BuildOptions = {
      ...lambdaBuildOptions(join(ROOT, fn.entry), outfile),
      metafile: true,
      logLevel: 'error',
    };
    // What CDK ships: the SDK comes from the Lambda runtime.
    const result = await build(settings);
    const meta = result.metafile as Metafile;
    const output = Object.values(meta.outputs)[0];
    if (!output) throw new Error(`no output for ${fn.entry}`);
    const byPackage = new Map<string, number>();
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = packageOf(input);
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytesInOutput);
    }
    // The SDK clients the function imports (left to the runtime, so they appear as external imports).
    const clients = [
      ...new Set(output.imports.filter((i) => i.external).map((i) => packageOf(i.path))),
    ].filter((p) => /^@aws-sdk\/(client-|lib-)/.test(p));
    // Baseline: the same bundle with the AWS SDK bundled in, to show what leaving it to the runtime saves.
    const baseline = await build({ ...settings, external: [], outfile: `${outfile}.with-sdk.mjs` });
    rows.push({
      fn,
      bytes: output.bytes,
      withSdk: Object.values((baseline.metafile as Metafile).outputs)[0]?.bytes ?? 0,
      top: [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 5),
      stray: clients.filter((c) => !fn.allowed.has(c)),
      ms: performance.now() - started,
    });
  }
} finally {
  await rm(outdir, { recursive: true, force: true });
}

console.log(
  `esbuild: ESM, node24, minify, bundle, mainFields module,main, AWS SDK from the runtime (as CDK); budget ${kb(BUDGET)} per function\n`,
);
console.log('verdict   shipped  (baseline: SDK bundled)  function');
for (const { fn, bytes, withSdk, top, stray, ms } of rows) {
  const verdict = bytes <= BUDGET ? 'ok  ' : 'OVER';
  console.log(
    `${verdict} ${kb(bytes).padStart(9)}  (${kb(withSdk).padStart(9)})  ${fn.name}  (${fn.entry}, ${ms.toFixed(0)} ms)`,
  );
  console.log(`       largest: ${top.map(([p, b]) => `${p} ${kb(b)}`).join(', ')}`);
  if (stray.length) console.log(`       SDK clients its access does not need: ${stray.join(', ')}`);
}
const over = rows.filter((r) => r.bytes > BUDGET).length;
const strays = rows.filter((r) => r.stray.length).length;
console.log(
  `\n${rows.length} functions: ${rows.length - over} within ${kb(BUDGET)}, ${over} over; ${strays} with SDK clients they do not need.`,
);
