import type { BuildOptions } from 'esbuild';

/**
 * How every Lambda is bundled, defined once for CDK (plein-function.ts) and `npm run bench:bundle`.
 * The AWS SDK v3 is left to the Lambda Node.js runtime, which ships it: bundling it would add ~300–470 KB
 * per function (slower cold starts) for the benefit of pinning SDK versions; the SDK's API is stable.
 */
export const LAMBDA_BUNDLE = {
  format: 'esm',
  target: 'node24',
  minify: true,
  mainFields: ['module', 'main'],
  external: ['@aws-sdk/*', '@smithy/*'],
  /**
   * ESM bundles of CommonJS dependencies (iconv-lite, saxes, middy internals…) call `require('node:…')`;
   * esbuild's ESM output has no `require`, so give it one.
   */
  banner:
    "import { createRequire as __plein_createRequire } from 'node:module'; const require = __plein_createRequire(import.meta.url);",
} as const;

/**
 * The esbuild options CDK's NodejsFunction builds a handler with from LAMBDA_BUNDLE (plein-function.ts),
 * for the benches that bundle handlers themselves. Source maps left out: the benches measure the code.
 */
export function lambdaBuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: LAMBDA_BUNDLE.format,
    target: LAMBDA_BUNDLE.target,
    minify: LAMBDA_BUNDLE.minify,
    mainFields: [...LAMBDA_BUNDLE.mainFields],
    banner: { js: LAMBDA_BUNDLE.banner },
    external: [...LAMBDA_BUNDLE.external],
    outfile,
  };
}
