import { ArnFormat, type CfnElement, type RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { keys } from '#shared/db/keys.ts';
import { HISTORY_PREFIX } from '#shared/history/keys.ts';
import { backfillDefinition, parisYear, yearRange } from '#shared/history/state-machine.ts';
import { BACKFILL, INVOKABLE_FUNCTIONS, TABLE_ENV } from '#shared/platform.ts';
import { acknowledge, managedPolicy, nagRef, wildcardResource } from './nag.ts';
import { PleinFunction } from './plein-function.ts';

export interface BackfillProps {
  readonly table: TableV2;
  readonly dataBucket: IBucket;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/** The yearly ZIP (~32 MB for 2025) is downloaded to /tmp: room for it with a wide margin. */
const EPHEMERAL_STORAGE_MB = 1024;

/**
 * The history backfill (issue 18, docs/HISTORY.md "Running it in AWS"): one function run per year of the
 * official archives, orchestrated by a Step Functions state machine built from THE definition
 * (shared/history/state-machine.ts, which the local stand-in runs too). A separate function with no ingest
 * lock and a reserved concurrency of 1, so it never takes the ingest's place. It reaches only `history/` of
 * the data bucket and the BACKFILL items of the table. Run once over every year after the stack's first
 * deployment (not on later ones: re-runs are the admin console's, and a re-run of an unchanged year writes
 * nothing).
 */
export class Backfill extends Construct {
  readonly function: PleinFunction;
  readonly stateMachine: StateMachine;
  readonly firstRun: AwsCustomResource;
  private readonly dataBucket: IBucket;

  constructor(scope: Construct, id: string, props: BackfillProps) {
    super(scope, id);
    const { dataBucket, table } = props;
    this.dataBucket = dataBucket;
    this.function = new PleinFunction(this, 'Function', {
      entry: INVOKABLE_FUNCTIONS.backfill.handler,
      description: 'History backfill: one year of the official archives into the data bucket',
      limits: INVOKABLE_FUNCTIONS.backfill.limits,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      // The state machine retries Lambda's own errors; a failed year would fail again.
      retryAttempts: 0,
    });
    const cfn = this.function.node.defaultChild as CfnFunction;
    cfn.ephemeralStorage = { size: EPHEMERAL_STORAGE_MB };
    cfn.reservedConcurrentExecutions = 1;

    // history/ only. s3:ListBucket comes unconditioned: with an s3:prefix condition S3 would answer a missing
    // pointer (a year never committed) AccessDenied instead of NoSuchKey (docs/HISTORY.md).
    this.function.bindBucket('data', dataBucket, {
      read: HISTORY_PREFIX,
      write: HISTORY_PREFIX,
      delete: HISTORY_PREFIX,
    });
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [keys.backfillRunPk] } },
      }),
    );
    this.function.addEnvironment(TABLE_ENV, table.tableName);

    const logGroup = new LogGroup(this, 'StateMachineLogs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(
        JSON.stringify(backfillDefinition(this.function.functionArn)),
      ),
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
      comment: 'Plein history backfill, one year per function run',
    });
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] }),
    );
    acknowledge(
      this.stateMachine.role,
      'Step Functions log delivery and X-Ray (logs:*LogDelivery*, xray:*) do not support resource-level permissions: AWS requires "*".',
      wildcardResource('*'),
    );

    // Once, when the stack is created: every year so far. Later deployments change nothing here.
    const years = yearRange(BACKFILL.firstYear, parisYear());
    this.firstRun = new AwsCustomResource(this, 'FirstRun', {
      onCreate: {
        service: 'SFN',
        action: 'startExecution',
        parameters: { stateMachineArn: this.stateMachine.stateMachineArn, input: JSON.stringify({ years }) },
        physicalResourceId: PhysicalResourceId.fromResponse('executionArn'),
      },
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({
          actions: ['states:StartExecution'],
          resources: [this.stateMachine.stateMachineArn],
        }),
      ]),
      installLatestAwsSdk: false,
      logGroup: new LogGroup(this, 'FirstRunLogs', {
        retention: props.logRetention,
        removalPolicy: props.removalPolicy,
      }),
    });
    this.firstRun.node.addDependency(this.function, table, dataBucket);
    // The provider function is a stack-wide singleton, named after its UUID.
    const providerId = `AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`;
    const provider = Stack.of(this).node.tryFindChild(providerId);
    if (provider) {
      acknowledge(
        provider,
        'The CDK AwsCustomResource provider (ships with aws-cdk-lib, which picks its runtime and its basic execution ' +
          'role) runs only during deployments: here once, to start the first backfill.',
        'AwsSolutions-L1',
        managedPolicy('service-role/AWSLambdaBasicExecutionRole'),
      );
    }
  }

  /**
   * The admin routes (access `backfill`): start, describe and list executions of this state machine only,
   * read the committed pointers; sets its ARN in BACKFILL.stateMachine.env.
   */
  grantAdmin(fn: PleinFunction): void {
    const sm = this.stateMachine;
    const executions = Stack.of(this).formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${sm.stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['states:StartExecution', 'states:ListExecutions'],
        resources: [sm.stateMachineArn],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['states:DescribeExecution'], resources: [executions] }),
    );
    // The committed pointers (and nothing else is read): history/v1/<year>/current.json.
    fn.bindBucket('data', this.dataBucket, { read: HISTORY_PREFIX });
    acknowledge(
      fn.role,
      'DescribeExecution is granted on the executions of the backfill state machine only (execution:<name>:*).',
      wildcardResource(
        `arn:${nagPart(this, 'partition')}:states:${nagPart(this, 'region')}:${nagPart(this, 'account')}:execution:${nagRef(sm.node.defaultChild as CfnElement, 'Name')}:*`,
      ),
    );
    fn.addEnvironment(BACKFILL.stateMachine.env, sm.stateMachineArn);
  }
}

/** How cdk-nag spells a stack's partition, region or account: its value when known at synth, else the pseudo parameter. */
function nagPart(scope: Construct, part: 'partition' | 'region' | 'account'): string {
  const value = Stack.of(scope)[part];
  const pseudo = { partition: 'AWS::Partition', region: 'AWS::Region', account: 'AWS::AccountId' }[part];
  return Token.isUnresolved(value) ? `<${pseudo}>` : value;
}
