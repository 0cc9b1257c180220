import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CfnElement, Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type IRole, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, type IDestination, type IFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { TABLE_SCHEMA } from '#shared/db/schema.ts';
import { BUCKETS, type BucketKey, type FunctionLimits, TABLE_ENV } from '#shared/platform.ts';
import { LAMBDA_BUNDLE } from './bundling.ts';
import { acknowledge, nagRef, wildcardResource } from './nag.ts';

/** The repository root: handler paths in the route table are relative to it. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Key prefixes (e.g. `snapshot/`) a function may read, write or delete in one bucket. */
export interface BucketAccess {
  readonly read?: string;
  readonly write?: string;
  readonly delete?: string;
}

export interface PleinFunctionProps {
  /** Handler file relative to the project root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  /** Memory and timeout, from the route table or INVOKABLE_FUNCTIONS: never Lambda's 128 MB / 3 s defaults. */
  readonly limits: FunctionLimits;
  readonly environment?: Readonly<Record<string, string>>;
  readonly logRetention: RetentionDays;
  /** For the log group: RETAIN in prod, DESTROY in dev. */
  readonly removalPolicy: RemovalPolicy;
  /** Asynchronous invocations (schedule, admin trigger): retries, age limit, failure destination. */
  readonly retryAttempts?: number;
  readonly maxEventAge?: Duration;
  readonly onFailure?: IDestination;
}

/**
 * Every Lambda of Plein: Node 24 on arm64, one minified ESM bundle with source maps (the AWS SDK v3 comes from
 * the runtime: see bundling.ts), active tracing, its own log
 * group with a retention, and its own role that starts empty (no AWSLambdaBasicExecutionRole: it may only
 * write to its own log group). Access is added with the `bind…` methods, which grant *and* set the env var.
 */
export class PleinFunction extends NodejsFunction {
  declare readonly role: IRole;

  constructor(scope: Construct, id: string, props: PleinFunctionProps) {
    const entry = join(PROJECT_ROOT, props.entry);
    if (!existsSync(entry)) {
      throw new Error(
        `${props.description}: handler file ${props.entry} does not exist (see functions/http/routes.ts).`,
      );
    }
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Plein ${id}: ${props.description}`,
    });
    logGroup.grantWrite(role);

    super(scope, id, {
      entry,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.limits.memoryMB,
      timeout: Duration.seconds(props.limits.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      logGroup,
      role,
      retryAttempts: props.retryAttempts,
      maxEventAge: props.maxEventAge,
      onFailure: props.onFailure,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: {
        format: OutputFormat.ESM,
        target: LAMBDA_BUNDLE.target,
        mainFields: [...LAMBDA_BUNDLE.mainFields],
        minify: LAMBDA_BUNDLE.minify,
        sourceMap: true,
        sourcesContent: false,
        externalModules: [...LAMBDA_BUNDLE.external],
        banner: LAMBDA_BUNDLE.banner,
        logLevel: LogLevel.WARNING,
      },
    });

    acknowledge(
      role,
      'X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions: AWS requires "*" (added by tracing: ACTIVE).',
      wildcardResource('*'),
    );
  }

  /** Read or read/write access to THE table and its indexes; sets TABLE_NAME. */
  bindTable(table: TableV2, access: 'read' | 'write'): this {
    if (access === 'write') table.grantReadWriteData(this);
    else table.grantReadData(this);
    this.addEnvironment(TABLE_ENV, table.tableName);
    acknowledge(
      this.role,
      `Queries go through the table's GSIs (${TABLE_SCHEMA.globalIndexes.map((g) => g.name).join(', ')} from TABLE_SCHEMA): ` +
        'table/index/* names only this table’s own indexes.',
      wildcardResource(`${nagRef(table.node.defaultChild as CfnElement)}/index/*`),
    );
    return this;
  }

  /**
   * Object access under key prefixes of a platform bucket; sets the bucket's env var (BUCKETS[key].env).
   * `read` adds s3:ListBucket so a missing object is a 404, not a 403; `write` allows multipart uploads.
   */
  bindBucket(key: BucketKey, bucket: IBucket, access: BucketAccess): this {
    const grants: [prefix: string | undefined, actions: string[]][] = [
      [access.read, ['s3:GetObject']],
      [access.write, ['s3:PutObject', 's3:AbortMultipartUpload']],
      [access.delete, ['s3:DeleteObject']],
    ];
    const prefixes = new Set<string>();
    for (const [prefix, actions] of grants) {
      if (prefix === undefined) continue;
      prefixes.add(prefix);
      this.addToRolePolicy(new PolicyStatement({ actions, resources: [bucket.arnForObjects(`${prefix}*`)] }));
    }
    if (access.read !== undefined) {
      this.addToRolePolicy(
        new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
      );
    }
    this.addEnvironment(BUCKETS[key].env, bucket.bucketName);
    for (const prefix of prefixes) {
      acknowledge(
        this.role,
        `Object access is limited to the ${prefix} key prefix of the ${key} bucket; object names under it are chosen at run time.`,
        wildcardResource(`${nagRef(bucket.node.defaultChild as CfnElement)}/${prefix}*`),
      );
    }
    return this;
  }

  /** Cognito admin actions (e.g. AdminDeleteUser) on the one user pool; sets USER_POOL_ID. */
  bindUserPool(pool: IUserPool, actions: readonly string[]): this {
    if (actions.length > 0) {
      this.addToRolePolicy(new PolicyStatement({ actions: [...actions], resources: [pool.userPoolArn] }));
    }
    this.addEnvironment('USER_POOL_ID', pool.userPoolId);
    return this;
  }

  /** lambda:InvokeFunction on exactly the target (unqualified ARN, no `:*` versions); sets `envName`. */
  bindInvoke(target: IFunction, envName: string): this {
    this.addToRolePolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [target.functionArn] }),
    );
    this.addEnvironment(envName, target.functionName);
    return this;
  }
}
