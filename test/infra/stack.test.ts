/**
 * The CDK app, synthesized for real (handlers bundled by esbuild, cdk-nag and CloudFormation validation on) and
 * checked with targeted assertions, one spec module per concern. They run in this one file on purpose: the
 * synthesized stages are cached per process (helpers/synth.ts), so bundling ~20 functions happens once instead
 * of once per test file.
 */
import './specs/routes.ts';
import './specs/storage.ts';
import './specs/auth.ts';
import './specs/ingest.ts';
import './specs/names.ts';
import './specs/trends.ts';
import './specs/backfill.ts';
import './specs/api.ts';
import './specs/web.ts';
import './specs/edge.ts';
import './specs/functions.ts';
import './specs/outputs.ts';
import './specs/nag.ts';
