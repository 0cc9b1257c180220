import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { TABLE_SCHEMA } from '#shared/db/schema.ts';
import { BUCKETS, USER_POOL } from '#shared/platform.ts';
import { awsEnv, type Endpoints } from './emulators.ts';

const LOCAL_TABLE = 'plein-local';

export interface LocalResources {
  tableName: string;
  buckets: Record<keyof typeof BUCKETS, string>;
  userPoolId: string;
  userPoolClientId: string;
}

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const region = 'eu-west-3';

/**
 * Creates what CDK creates in AWS, from the same definitions (TABLE_SCHEMA, BUCKETS, USER_POOL), once:
 * on later starts the existing table, buckets and pool (ids kept in <dataDir>/local-ids.json) are reused.
 */
export async function ensureResources(endpoints: Endpoints, dataDir: string): Promise<LocalResources> {
  await ensureTable(new DynamoDBClient({ region, credentials, endpoint: endpoints.dynamodb }));
  const s3 = new S3Client({ region, credentials, endpoint: endpoints.s3, forcePathStyle: true });
  for (const bucket of Object.values(BUCKETS)) await ensureBucket(s3, bucket.localName);
  const pool = await ensureUserPool(
    new CognitoIdentityProviderClient({ region, credentials, endpoint: endpoints.cognito }),
    join(dataDir, 'local-ids.json'),
  );
  return {
    tableName: LOCAL_TABLE,
    buckets: {
      archive: BUCKETS.archive.localName,
      data: BUCKETS.data.localName,
      site: BUCKETS.site.localName,
    },
    ...pool,
  };
}

/**
 * What every function needs to reach the stand-ins and its resources: the environment CDK sets in AWS
 * (table, buckets, user pool) plus the AWS SDK endpoints of the emulators.
 */
export function functionEnv(endpoints: Endpoints, resources: LocalResources): Record<string, string> {
  return {
    ...awsEnv(endpoints),
    TABLE_NAME: resources.tableName,
    [BUCKETS.archive.env]: resources.buckets.archive,
    [BUCKETS.data.env]: resources.buckets.data,
    [BUCKETS.site.env]: resources.buckets.site,
    USER_POOL_ID: resources.userPoolId,
  };
}

/** The CreateTable request for TABLE_SCHEMA: every key attribute a string, on-demand billing. */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const s = TABLE_SCHEMA;
  const attrs = new Set<string>([s.partitionKey, s.sortKey]);
  for (const g of s.globalIndexes) attrs.add(g.partitionKey).add(g.sortKey);
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attrs].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: s.partitionKey, KeyType: 'HASH' },
      { AttributeName: s.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: s.globalIndexes.map((g) => ({
      IndexName: g.name,
      KeySchema: [
        { AttributeName: g.partitionKey, KeyType: 'HASH' },
        { AttributeName: g.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

async function ensureTable(ddb: DynamoDBClient): Promise<void> {
  try {
    await ddb.send(new DescribeTableCommand({ TableName: LOCAL_TABLE }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await ddb.send(new CreateTableCommand(createTableInput(LOCAL_TABLE)));
  }
}

async function ensureBucket(s3: S3Client, name: string): Promise<void> {
  const exists = await s3.send(new HeadBucketCommand({ Bucket: name })).then(
    () => true,
    () => false,
  );
  if (!exists) await s3.send(new CreateBucketCommand({ Bucket: name }));
}

async function ensureUserPool(
  cognito: CognitoIdentityProviderClient,
  idsFile: string,
): Promise<{ userPoolId: string; userPoolClientId: string }> {
  if (existsSync(idsFile)) {
    const ids = JSON.parse(await readFile(idsFile, 'utf8')) as {
      userPoolId: string;
      userPoolClientId: string;
    };
    const alive = await cognito
      .send(new DescribeUserPoolClientCommand({ UserPoolId: ids.userPoolId, ClientId: ids.userPoolClientId }))
      .then(
        () => true,
        () => false,
      );
    if (alive) return ids;
  }
  const p = USER_POOL.password;
  const { UserPool } = await cognito.send(
    new CreateUserPoolCommand({
      PoolName: 'plein-local',
      UsernameAttributes: USER_POOL.signInWithEmail ? ['email'] : undefined,
      AutoVerifiedAttributes: ['email'],
      Policies: {
        PasswordPolicy: {
          MinimumLength: p.minLength,
          RequireLowercase: p.requireLowercase,
          RequireUppercase: p.requireUppercase,
          RequireNumbers: p.requireDigits,
          RequireSymbols: p.requireSymbols,
        },
      },
    }),
  );
  const userPoolId = UserPool?.Id;
  if (!userPoolId) throw new Error('Local Cognito returned no user pool id');
  const { UserPoolClient } = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: 'plein-web',
      ExplicitAuthFlows: [...USER_POOL.authFlows],
      PreventUserExistenceErrors: 'ENABLED',
      AccessTokenValidity: USER_POOL.accessTokenMinutes,
      IdTokenValidity: USER_POOL.idTokenMinutes,
      RefreshTokenValidity: USER_POOL.refreshTokenDays,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
    }),
  );
  const userPoolClientId = UserPoolClient?.ClientId;
  if (!userPoolClientId) throw new Error('Local Cognito returned no client id');
  for (const group of USER_POOL.groups) {
    await cognito.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: group }));
  }
  const ids = { userPoolId, userPoolClientId };
  await writeFile(idsFile, `${JSON.stringify(ids, null, 2)}\n`);
  return ids;
}
