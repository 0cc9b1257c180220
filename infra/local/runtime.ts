import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ALERTS_ENABLED_ENV } from '#shared/alerts/deployment.ts';
import { PUSH_ALLOW_LOOPBACK_ENV } from '#shared/alerts/push-endpoint.ts';
import { openTable } from '#shared/db/client.ts';
import { listNamesRuns, type NamesRun } from '#shared/db/names-runs.ts';
import { type IngestRun, listRuns } from '#shared/db/runs.ts';
import {
  BACKFILL_TASK_STATE,
  backfillDefinition,
  RECORD_FAILURE_STATE,
} from '#shared/history/state-machine.ts';
import {
  BACKFILL,
  DEFAULT_FEED_URL,
  DIGEST_SCHEDULE,
  INGEST_SCHEDULE,
  INVOKABLE_FUNCTIONS,
  NAMES,
} from '#shared/platform.ts';
import { type Endpoints, startEmulators } from './emulators.ts';
import { localFallbackFeed } from './feed-source.ts';
import { createGateway } from './gateway.ts';
import { createAccessTokenVerifier } from './jwt.ts';
import { startLambdaEndpoint } from './lambda-endpoint.ts';
import { localNamesFile } from './names-source.ts';
import { ensureResources, functionEnv, type LocalResources } from './resources.ts';
import { startSchedule } from './scheduler.ts';
import { staticSite } from './static-site.ts';
import { startStepFunctionsEndpoint } from './step-functions.ts';
import { startWeeklyTimer } from './weekly-timer.ts';

export interface LocalProductOptions {
  root: string;
  /** Persisted data (npm start) under this folder; tests use a temporary one. */
  dataDir: string;
  persist: boolean;
  /** Gateway port; 0 picks a free one. A fixed port takes `FIXED_PORTS` in a row: the emulators, the Lambda and Step Functions endpoints and the push stand-in use the next seven. */
  port: number;
  /** Build the site before serving it. */
  build: boolean;
  /** Run the ingest now and on the schedule. */
  schedule: boolean;
  log: (line: string) => void;
}

export interface LocalProduct {
  url: string;
  endpoints: Endpoints;
  resources: LocalResources;
  /** Environment the functions run with (also applied to this process). */
  env: Record<string, string>;
  /** Resolves with the first scheduled ingest run (or null when scheduling is off). */
  firstIngest: Promise<IngestRun | null>;
  stop(): Promise<void>;
}

/** What .data/local.json holds, so CLI tools (npm run ingest, make-admin) reach the running stack. */
export interface LocalStackFile {
  url: string;
  endpoints: Endpoints;
  resources: LocalResources;
  env: Record<string, string>;
}

/**
 * The whole product on this machine: AWS stand-ins, the same resources as CDK, the API handlers behind a
 * gateway that checks tokens like API Gateway, the built site, and the ingest on the CDK schedule.
 */
export async function startLocalProduct(o: LocalProductOptions): Promise<LocalProduct> {
  await mkdir(o.dataDir, { recursive: true });
  const building = o.build ? buildSite(o.root, o.log) : Promise.resolve();
  const ports = o.port
    ? { dynamodb: o.port + 1, s3: o.port + 2, cognito: o.port + 3, ses: o.port + 4, push: o.port + 7 }
    : undefined;
  const lambdaPort = o.port ? o.port + 5 : 0;
  const sfnPort = o.port ? o.port + 6 : 0;
  const emulators = await startEmulators({ dataDir: o.dataDir, persist: o.persist, ports, log: o.log });
  const stops: (() => Promise<void>)[] = [() => emulators.stop()];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((e: Error) => o.log(`stop: ${e.message}`));
  };
  try {
    const resources = await ensureResources(emulators.endpoints, o.dataDir);
    const feedFile = localFallbackFeed(o.root);
    const namesFile = localNamesFile(o.root);
    const lambda = await startLambdaEndpoint({
      root: o.root,
      functions: Object.fromEntries(Object.values(INVOKABLE_FUNCTIONS).map((f) => [f.localName, f])),
      port: lambdaPort,
      log: o.log,
    });
    stops.push(() => lambda.stop());
    // The history backfill's state machine (issue 18), from the definition CDK deploys (docs/LOCAL.md).
    const backfill = INVOKABLE_FUNCTIONS.backfill.localName;
    const sfn = await startStepFunctionsEndpoint({
      machines: {
        [BACKFILL.stateMachine.localName]: {
          definition: backfillDefinition(backfill),
          tasks: { [BACKFILL_TASK_STATE]: backfill, [RECORD_FAILURE_STATE]: backfill },
        },
      },
      invoke: (name, event) => lambda.invoke(name, event),
      region: functionEnv(emulators.endpoints, resources).AWS_REGION ?? 'eu-west-3',
      port: sfnPort,
      log: o.log,
    });
    stops.push(() => sfn.stop());
    // Alerts are on locally (aws-ses-v2-local); ALERTS_ENABLED=false runs the product as AWS deploys it
    // without -c sesFromEmail: no alerts function for the ingest, no digest, config.json and the API say so.
    const alertsOn = process.env[ALERTS_ENABLED_ENV] !== 'false';
    const invokable = Object.values(INVOKABLE_FUNCTIONS).filter(
      (f) => alertsOn || f !== INVOKABLE_FUNCTIONS.alerts,
    );
    const env: Record<string, string> = {
      ...functionEnv(emulators.endpoints, resources),
      AWS_ENDPOINT_URL_LAMBDA: lambda.url,
      AWS_ENDPOINT_URL_SFN: sfn.url,
      [BACKFILL.stateMachine.env]: sfn.arns[BACKFILL.stateMachine.localName] ?? '',
      ...Object.fromEntries(invokable.map((f) => [f.env, f.localName])),
      [ALERTS_ENABLED_ENV]: String(alertsOn),
      FEED_URL: process.env.FEED_URL || DEFAULT_FEED_URL,
      ...(feedFile ? { FEED_FILE: feedFile } : {}),
      // Station names (issue 16, docs/NAMES.md): the Osmose export, else the team's local cut of it.
      NAMES_URL: process.env.NAMES_URL || NAMES.defaultUrl,
      ...(namesFile ? { NAMES_FILE: namesFile } : {}),
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL || 'WARN',
      // Price alerts (issue 8): the sender; SITE_URL (links in emails) is set below, once the gateway listens.
      ALERTS_FROM_EMAIL: process.env.ALERTS_FROM_EMAIL || 'Plein <alertes@plein.localhost>',
      // Web Push (issue 19): the push stand-in's http://127.0.0.1 endpoints are accepted here only.
      [PUSH_ALLOW_LOOPBACK_ENV]: 'true',
    };
    // The functions read their configuration from the environment, as in Lambda; their instances (worker
    // threads, lambda-service.ts) share this process's.
    Object.assign(process.env, env);

    await building;
    const verifier = await createAccessTokenVerifier({
      cognitoEndpoint: emulators.endpoints.cognito,
      userPoolId: resources.userPoolId,
      clientId: resources.userPoolClientId,
    });
    const gateway = createGateway({
      root: o.root,
      verifier,
      site: staticSite(join(o.root, 'web', 'dist'), emulators.endpoints.cognito),
      siteConfig: {
        apiBase: '/api',
        region: env.AWS_REGION,
        userPoolId: resources.userPoolId,
        userPoolClientId: resources.userPoolClientId,
        cognitoEndpoint: emulators.endpoints.cognito,
        stage: 'local',
        alerts: alertsOn,
      },
      log: o.log,
    });
    await new Promise<void>((resolve, reject) => {
      gateway.once('error', reject);
      gateway.listen(o.port, '127.0.0.1', resolve);
    });
    stops.push(
      () =>
        new Promise((resolve) => {
          gateway.close(() => resolve());
          gateway.closeAllConnections();
        }),
    );
    const url = `http://localhost:${(gateway.address() as AddressInfo).port}`;
    env.SITE_URL = url;
    process.env.SITE_URL = url;
    const stackFile: LocalStackFile = { url, endpoints: emulators.endpoints, resources, env };
    await writeFile(join(o.dataDir, 'local.json'), `${JSON.stringify(stackFile, null, 2)}\n`);

    let firstIngest: Promise<IngestRun | null> = Promise.resolve(null);
    if (o.schedule) {
      // EventBridge invokes the ingest and the digest: through the Lambda service, with their limits.
      const table = openTable(resources.tableName);
      const invoke = async (fn: { localName: string }, event: unknown) => {
        const result = await lambda.invoke(fn.localName, event);
        if (!result.ok)
          throw Object.assign(new Error(`${result.errorType}: ${result.errorMessage}`), {
            name: result.errorType,
          });
        return JSON.parse(result.payload) as unknown;
      };
      let resolveFirst: (run: IngestRun | null) => void = () => {};
      firstIngest = new Promise((resolve) => {
        resolveFirst = resolve;
      });
      // The names table (issue 16): once now, before the first ingest so that it joins names, then weekly
      // as the EventBridge Scheduler cron does. A refused file fails the invocation; its record says why.
      const refreshNames = async (trigger: string) => {
        const run = await (invoke(INVOKABLE_FUNCTIONS.names, { trigger }) as Promise<NamesRun>).catch(
          async (e: Error) => {
            if (e.name === 'NamesRunFailed') return (await listNamesRuns(table, 1))[0] ?? null;
            o.log(`names: crashed: ${e.message}`);
            return null;
          },
        );
        if (run) o.log(`names: ${describeNamesRun(run)}`);
      };
      const namesAtStart = refreshNames('start');
      stops.push(() => namesAtStart);
      const names = startWeeklyTimer(() => refreshNames('schedule'), NAMES.schedule);
      stops.push(() => names.stop());
      const schedule = startSchedule(async () => {
        await namesAtStart;
        // A failed or refused run fails the invocation (so Lambda counts an error), and Lambda reports only
        // the error's type and message: the run itself is read back from its record, as the console does.
        const run = await (
          invoke(INVOKABLE_FUNCTIONS.ingest, { trigger: 'schedule' }) as Promise<IngestRun>
        ).catch(async (e: Error) => {
          if (e.name === 'IngestRunFailed') return (await listRuns(table, 1))[0] ?? null;
          o.log(`ingest: crashed: ${e.message}`);
          return null;
        });
        if (run) o.log(`ingest: ${describeRun(run)}`);
        resolveFirst(run);
      }, INGEST_SCHEDULE.everyMinutes * 60_000);
      stops.push(() => schedule.stop());
      // The weekly digest (issue 8) on its Paris-time schedule; also invocable by hand (docs/ALERTS.md).
      const digest = startWeeklyTimer(async () => {
        if (!alertsOn) return; // as in AWS without an SES sender: no digest
        await invoke(INVOKABLE_FUNCTIONS.digest, {}).then(
          (r) => o.log(`digest: ${JSON.stringify(r)}`),
          (e: Error) => o.log(`digest: crashed: ${e.message}`),
        );
      }, DIGEST_SCHEDULE);
      stops.push(() => digest.stop());
    }
    return { url, endpoints: emulators.endpoints, resources, env, firstIngest, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** "12,586 ids from osm_stations_2026-06-01….csv (local file; NAMES_URL unreachable: ENOTFOUND)". */
function describeNamesRun(run: NamesRun): string {
  const from = run.source ? ` from ${run.source}` : '';
  const failed = run.attempts?.find((a) => a.error);
  const local = run.source && !/^https?:/.test(run.source);
  const how = local ? ` (local file${failed ? `; NAMES_URL unreachable: ${failed.error}` : ''})` : '';
  const ids = run.ids !== undefined ? `${run.ids.toLocaleString('en')} ids` : '';
  if (run.status === 'succeeded' || run.status === 'unchanged') {
    return `${ids}${from}${how}, ${run.status === 'unchanged' ? 'unchanged' : `published ${run.version}`}`;
  }
  return `${run.status}${from}${how}: ${run.error?.code}: ${run.error?.message}`;
}

function describeRun(run: IngestRun): string {
  const parts = [`${run.status}`, run.source ? `from ${run.source}` : ''];
  if (run.stations !== undefined) parts.push(`${run.stations} stations, ${run.prices ?? 0} prices`);
  if (run.changed !== undefined) parts.push(`${run.changed} changed, ${run.written ?? 0} items written`);
  if (run.durationMs !== undefined) parts.push(`in ${(run.durationMs / 1000).toFixed(1)} s`);
  if (run.error) parts.push(`— ${run.error.code}: ${run.error.message}`);
  return parts.filter(Boolean).join(', ');
}

/** `astro build` of web/ into web/dist, in a child process (Astro needs Node 24, which this process is). */
async function buildSite(root: string, log: (line: string) => void): Promise<void> {
  const astro = join(root, 'node_modules', 'astro', 'bin', 'astro.mjs');
  if (
    !existsSync(join(root, 'web', 'astro.config.mjs')) &&
    !existsSync(join(root, 'web', 'astro.config.ts'))
  ) {
    log('site: no Astro project in web/, nothing to build');
    return;
  }
  const started = Date.now();
  const child = spawn(process.execPath, [astro, 'build', '--root', join(root, 'web'), '--silent'], {
    cwd: root,
    // The production build, as `npm run build` makes it for CDK, even from a test runner that sets
    // NODE_ENV=test (Vite would then build with import.meta.env.PROD false: no service worker).
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`Site build failed (astro exit ${code}):\n${stderr.slice(-4000)}`);
  log(`site: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
