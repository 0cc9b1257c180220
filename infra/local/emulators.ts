import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire, Module } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import dynalite from 'dynalite';
import { assertFree, freePort } from './ports.ts';
import { startPushService } from './push-service.ts';

const require = createRequire(import.meta.url);
// A CommonJS module whose function is `exports.default`: require keeps that shape unambiguous.
const sesServer = require('aws-ses-v2-local').default as typeof import('aws-ses-v2-local').default;
const S3rver = loadS3rver();

/**
 * s3rver signs its list continuation tokens with DES, which OpenSSL 3 no longer has: every listing of more
 * than 1,000 keys answered InternalError where S3 pages (the backfill lists a generation of ~10,000 objects
 * to delete it). The same token scheme with 3DES, which keeps DES's 8-byte blocks, is compiled in its place.
 */
function loadS3rver(): typeof import('s3rver').default {
  const file = require.resolve('s3rver/lib/controllers/bucket.js');
  const original = readFileSync(file, 'utf8');
  const source = original
    .replaceAll("createCipheriv('des',", "createCipheriv('des-ede3-cbc',")
    .replaceAll("createDecipheriv('des',", "createDecipheriv('des-ede3-cbc',")
    .replaceAll("Buffer.alloc(8, 'S3RVER', 'utf8')", "Buffer.alloc(24, 'S3RVER', 'utf8')");
  if (source.split('des-ede3-cbc').length !== 3 || source.split('Buffer.alloc(24').length !== 3)
    throw new Error(
      `s3rver changed: ${file} no longer signs list tokens as expected (infra/local/emulators.ts)`,
    );
  type Compilable = Module & { _compile(code: string, filename: string): void; loaded: boolean };
  const mod = new Module(file) as Compilable;
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(
    dirname(file),
  );
  mod._compile(source, file);
  mod.loaded = true;
  require.cache[file] = mod;
  return require('s3rver');
}

/** Where each local stand-in listens. The SDK finds them through AWS_ENDPOINT_URL_* (see `awsEnv`). */
export interface Endpoints {
  dynamodb: string;
  s3: string;
  cognito: string;
  ses: string;
  /** The Web Push service stand-in (./push-service.ts): not AWS, the browsers' push services. */
  push: string;
}

export interface Emulators {
  endpoints: Endpoints;
  stop(): Promise<void>;
}

export interface EmulatorOptions {
  /** Folder for persisted data; each emulator gets a subfolder. */
  dataDir: string;
  /** Keep DynamoDB on disk (npm start) or in memory (tests). */
  persist: boolean;
  /** Fixed ports (npm start, so Cognito's issuer and tokens survive a restart) or 0 for any free port. */
  ports?: Partial<Record<keyof Endpoints, number>>;
  log?: (line: string) => void;
}

/** Starts dynalite, s3rver, cognito-local, aws-ses-v2-local and the push service stand-in on loopback. */
export async function startEmulators(options: EmulatorOptions): Promise<Emulators> {
  const { dataDir, persist, ports = {}, log = () => {} } = options;
  const stops: (() => Promise<void>)[] = [];
  try {
    const dynamo = dynalite({
      path: persist ? join(dataDir, 'dynamodb') : undefined,
      createTableMs: 0,
      deleteTableMs: 0,
      updateTableMs: 0,
    });
    const dynamoPort = await listen(dynamo, ports.dynamodb ?? 0);
    stops.push(() => close(dynamo));

    await mkdir(join(dataDir, 's3'), { recursive: true });
    const s3 = new S3rver({
      address: '127.0.0.1',
      port: ports.s3 ?? 0,
      directory: join(dataDir, 's3'),
      silent: true,
    });
    const s3Address = (await s3.run()) as AddressInfo;
    stops.push(() => s3.close());

    const sesPort = ports.ses || (await freePort());
    await assertFree(sesPort); // aws-ses-v2-local never settles when its port is taken
    const ses = await sesServer({ host: '127.0.0.1', port: sesPort });
    stops.push(() => close(ses));

    const push = await startPushService(ports.push ?? 0);
    stops.push(() => push.stop());

    const cognitoPort = ports.cognito || (await freePort());
    const cognito = await startCognito(join(dataDir, 'cognito'), cognitoPort, log);
    stops.push(() => stopChild(cognito));

    const endpoints: Endpoints = {
      dynamodb: `http://127.0.0.1:${dynamoPort}`,
      s3: `http://127.0.0.1:${s3Address.port}`,
      cognito: `http://127.0.0.1:${cognitoPort}`,
      ses: `http://127.0.0.1:${(ses.address() as AddressInfo).port}`,
      push: push.url,
    };
    log(`emulators: ${JSON.stringify(endpoints)}`);
    return {
      endpoints,
      stop: async () => {
        for (const stop of stops.reverse()) await stop().catch(() => {});
      },
    };
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    throw error;
  }
}

/** The environment the AWS SDK needs to talk to the stand-ins instead of AWS. */
export function awsEnv(endpoints: Endpoints): Record<string, string> {
  return {
    AWS_REGION: 'eu-west-3',
    // s3rver accepts only this key pair; the other emulators accept anything.
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoints.cognito,
    AWS_ENDPOINT_URL_SES: endpoints.ses,
    // The SDK's default checksums corrupt streamed uploads to s3rver (ENVIRONMENT.md).
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
  };
}

/**
 * cognito-local keeps its data under ./.cognito of its working directory and reads PORT/HOST from the
 * environment, so it runs as a child process in its own folder rather than in this process.
 */
async function startCognito(dir: string, port: number, log: (line: string) => void): Promise<ChildProcess> {
  await assertFree(port); // its stdout, where it reports a busy port, is hidden (it carries codes)
  await mkdir(join(dir, '.cognito'), { recursive: true });
  // Tokens must name the address the gateway fetches the keys from.
  await writeFile(
    join(dir, '.cognito', 'config.json'),
    JSON.stringify({ TokenConfig: { IssuerDomain: `http://127.0.0.1:${port}` } }, null, 2),
  );
  const bin = require.resolve('cognito-local/lib/bin/start.js');
  // Patches that make it answer as Cognito does where it differs (each file says how).
  const preload = ['./exit-with-parent.cjs', './cognito-own-keys.cjs', './cognito-user-states.cjs'].flatMap(
    (f) => ['--require', require.resolve(f)],
  );
  const child = spawn(process.execPath, [...preload, bin], {
    cwd: dir,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEBUG: '',
      AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.channel?.unref(); // the channel only tells the child when we are gone; it must not keep us alive
  // Its log carries confirmation codes: keep it out of ours, but let a developer see it when asked.
  const echo = process.env.COGNITO_LOG === '1';
  child.stdout?.on('data', (d: Buffer) => echo && log(`cognito: ${d.toString().trim()}`));
  child.stderr?.on('data', (d: Buffer) => log(`cognito: ${d.toString().trim()}`));
  const url = `http://127.0.0.1:${port}/health`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`cognito-local exited with code ${child.exitCode}`);
    // Bounded: if something else holds the port and never answers, the loop must still end.
    const up = await fetch(url, { signal: AbortSignal.timeout(1000) }).then(
      () => true,
      () => false,
    );
    if (up) return child;
    await sleep(50);
  }
  child.kill();
  throw new Error('cognito-local did not start within 10 s');
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(3000).then(() => child.kill('SIGKILL'))]);
}

interface Listenable {
  listen(port: number, host: string, cb: () => void): unknown;
  address(): AddressInfo | string | null;
  once(event: 'error', cb: (e: Error) => void): unknown;
}

function listen(server: Listenable, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: { close(cb: (err?: Error) => void): unknown }): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
