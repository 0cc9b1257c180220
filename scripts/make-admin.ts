/**
 * `npm run make-admin -- <email> [--remove]`: puts a user in the Cognito `admin` group (or takes them out).
 *
 *   locally   the user pool of `npm start` (.data/local.json; the product must have been started once). When
 *             the stack is not running, the emulators are started on the same data for the change.
 *   in AWS    `--stack Plein-prod [--region eu-west-3]` reads the pool id from the stack's `UserPoolId`
 *             output (CloudFormation DescribeStacks), or `--user-pool-id <id>`; credentials and region come
 *             from the usual AWS environment/profile (the pool id's prefix is its region).
 *
 * The user is found by email (ListUsers, filter `email = "…"`): usernames are UUIDs. The group is in the
 * tokens Cognito issues from then on: the user signs out and in again. docs/ADMIN.md.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  AdminAddUserToGroupCommand,
  AdminRemoveUserFromGroupCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { LocalStackFile } from '#infra/local/runtime.ts';
import { ADMIN_GROUP } from '#shared/platform.ts';

const USAGE = `usage: npm run make-admin -- <email> [--remove]
         [--stack <name> [--region <region>] | --user-pool-id <id>] [--data-dir <dir>]

  locally (default): the pool of \`npm start\`, from <data-dir>/local.json (default .data)
  in AWS: --stack Plein-prod reads the UserPoolId output; or pass --user-pool-id`;

/** An error meant for the person at the terminal: printed without a stack trace. */
export class UsageError extends Error {}

/** Adds (or removes) the user with this email to the admin group; returns their username. */
export async function setAdmin(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  email: string,
  remove = false,
): Promise<string> {
  if (!/^[^"\\\s]+@[^"\\\s]+$/.test(email)) throw new UsageError(`Not an email address: ${email}`);
  const res = await cognito.send(
    new ListUsersCommand({ UserPoolId: userPoolId, Filter: `email = "${email}"`, Limit: 2 }),
  );
  // Cognito compares emails case-sensitively in filters; an exact match is what we want anyway.
  const users = (res.Users ?? []).filter((u) =>
    u.Attributes?.some((a) => a.Name === 'email' && a.Value === email),
  );
  if (users.length === 0)
    throw new UsageError(`No user with the email ${email} in pool ${userPoolId}: sign up first.`);
  if (users.length > 1) throw new UsageError(`Several users have the email ${email}: fix that first.`);
  const username = users[0]?.Username;
  if (!username) throw new Error('ListUsers returned a user without a username');
  const input = { UserPoolId: userPoolId, Username: username, GroupName: ADMIN_GROUP };
  await cognito.send(
    remove ? new AdminRemoveUserFromGroupCommand(input) : new AdminAddUserToGroupCommand(input),
  );
  return username;
}

/** The user pool id from a deployed stack's `UserPoolId` output. */
export async function userPoolIdFromStack(cfn: CloudFormationClient, stackName: string): Promise<string> {
  const res = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
  const id = res.Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === 'UserPoolId')?.OutputValue;
  if (!id) throw new UsageError(`Stack ${stackName} has no UserPoolId output (is it a Plein stack?)`);
  return id;
}

/** The local pool and a client for it: the running stack's Cognito, or the emulators started for this. */
async function localPool(dataDir: string) {
  const file = join(dataDir, 'local.json');
  if (!existsSync(file))
    throw new UsageError(`No ${file}: start the product once (npm start), sign up, then run this again.`);
  const local = JSON.parse(await readFile(file, 'utf8')) as LocalStackFile;
  const client = (endpoint: string) =>
    new CognitoIdentityProviderClient({
      endpoint,
      region: local.env.AWS_REGION ?? 'eu-west-3',
      credentials: {
        accessKeyId: local.env.AWS_ACCESS_KEY_ID ?? 'local',
        secretAccessKey: local.env.AWS_SECRET_ACCESS_KEY ?? 'local',
      },
    });
  const running = await fetch(local.endpoints.cognito, { signal: AbortSignal.timeout(1000) }).then(
    () => true,
    () => false,
  );
  if (running) {
    return {
      userPoolId: local.resources.userPoolId,
      cognito: client(local.endpoints.cognito),
      stop: async () => {},
    };
  }
  // Same data, same ports as `npm start`, so the pool is the one the site uses.
  console.error(`the local stack is not running: starting the emulators on ${dataDir} for this change`);
  const { startEmulators } = await import('#infra/local/emulators.ts');
  const port = (url: string) => Number(new URL(url).port);
  const emulators = await startEmulators({
    dataDir,
    persist: true,
    ports: {
      dynamodb: port(local.endpoints.dynamodb),
      s3: port(local.endpoints.s3),
      cognito: port(local.endpoints.cognito),
      ses: port(local.endpoints.ses),
    },
  });
  return {
    userPoolId: local.resources.userPoolId,
    cognito: client(emulators.endpoints.cognito),
    stop: () => emulators.stop(),
  };
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      stack: { type: 'string' },
      region: { type: 'string' },
      'user-pool-id': { type: 'string' },
      'data-dir': { type: 'string' },
      remove: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const email = positionals[0];
  if (values.help || !email || positionals.length > 1) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  let target: {
    userPoolId: string;
    cognito: CognitoIdentityProviderClient;
    stop(): Promise<void>;
    where: string;
  };
  if (values.stack || values['user-pool-id']) {
    const region = values.region ?? values['user-pool-id']?.split('_')[0];
    const userPoolId =
      values['user-pool-id'] ??
      (await userPoolIdFromStack(new CloudFormationClient(region ? { region } : {}), String(values.stack)));
    target = {
      userPoolId,
      cognito: new CognitoIdentityProviderClient({ region: values.region ?? userPoolId.split('_')[0] }),
      stop: async () => {},
      where: values.stack ? `stack ${values.stack}` : 'AWS',
    };
  } else {
    const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
    const dataDir = resolve(root, values['data-dir'] ?? process.env.DATA_DIR ?? '.data');
    target = { ...(await localPool(dataDir)), where: 'the local stack' };
  }
  try {
    const username = await setAdmin(target.cognito, target.userPoolId, email, values.remove);
    console.log(
      values.remove
        ? `${email} (user ${username}) is no longer in the ${ADMIN_GROUP} group of ${target.where} (pool ${target.userPoolId}).`
        : `${email} (user ${username}) is now in the ${ADMIN_GROUP} group of ${target.where} (pool ${target.userPoolId}).\n` +
            'Sign out and in again: the group is in the tokens issued from now on.',
    );
  } finally {
    await target.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2)).catch((error: Error) => {
    console.error(error instanceof UsageError ? error.message : (error.stack ?? String(error)));
    process.exitCode = 1;
  });
}
