import { randomUUID } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StateMachine } from 'aws-local-stepfunctions';
import type { InvokeResult } from './lambda-service.ts';
import { readCapped } from './read-body.ts';

/** StartExecution's input limit (256 KiB), as Step Functions has it. */
const MAX_INPUT_BYTES = 256 * 1024;

interface Execution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  startDate: number;
  stopDate?: number;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  abort: () => void;
  done: Promise<void>;
}

export interface LocalStateMachine {
  /** The ASL definition (built by the same function as CDK's). */
  definition: object;
  /** Task state name → the function it invokes (through the local Lambda service). */
  tasks: Record<string, string>;
}

export interface StepFunctionsEndpoint {
  url: string;
  server: Server;
  /** The ARN each state machine answers to, by name. */
  arns: Record<string, string>;
  /** Resolves when no execution is running. */
  idle(): Promise<void>;
  /** Aborts running executions and closes the endpoint. */
  stop(): Promise<void>;
}

/**
 * A Step Functions stand-in (docs/LOCAL.md) that speaks the JSON protocol the SDK uses (POST /,
 * `X-Amz-Target: AWSStepFunctions.<Action>`, application/x-amz-json-1.0) for three actions: StartExecution,
 * DescribeExecution and ListExecutions. Executions run in this process with `aws-local-stepfunctions`, their
 * Task states invoking the local Lambda service as the `lambda:invoke` integration does (the answer under
 * `Payload`; a function error is thrown with its type as the error name and Lambda's JSON as the cause).
 * Executions are kept in memory: a restart forgets them.
 */
export async function startStepFunctionsEndpoint(opts: {
  machines: Record<string, LocalStateMachine>;
  invoke: (functionName: string, event: unknown) => Promise<InvokeResult>;
  region: string;
  port: number;
  log: (line: string) => void;
}): Promise<StepFunctionsEndpoint> {
  const arnOf = (name: string) => `arn:aws:states:${opts.region}:000000000000:stateMachine:${name}`;
  const machines = new Map(
    Object.entries(opts.machines).map(([name, m]) => [
      arnOf(name),
      { name, machine: new StateMachine(m.definition as never), tasks: m.tasks },
    ]),
  );
  const executions = new Map<string, Execution>();

  const lambdaTask = (functionName: string) => async (input: unknown) => {
    const payload = (input as { Payload?: unknown } | null)?.Payload ?? input;
    const result = await opts.invoke(functionName, payload);
    if (!result.ok) {
      const error = new Error(
        JSON.stringify({ errorType: result.errorType, errorMessage: result.errorMessage }),
      );
      error.name = result.errorType;
      throw error;
    }
    return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: JSON.parse(result.payload) as unknown };
  };

  function start(body: Record<string, unknown>) {
    const arn = String(body.stateMachineArn ?? '');
    const sm = machines.get(arn);
    if (!sm) throw new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    const name = typeof body.name === 'string' && body.name ? body.name : randomUUID();
    const executionArn = `${arn.replace(':stateMachine:', ':execution:')}:${name}`;
    if (executions.has(executionArn))
      throw new SfnError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    const input = typeof body.input === 'string' ? body.input : '{}';
    let parsed: unknown;
    try {
      parsed = JSON.parse(input);
    } catch {
      throw new SfnError('InvalidExecutionInput', 'Invalid State Machine Execution Input');
    }
    const overrides = Object.fromEntries(
      Object.entries(sm.tasks).map(([state, fn]) => [state, lambdaTask(fn)]),
    );
    const run = sm.machine.run(parsed as never, {
      overrides: { taskResourceLocalHandlers: overrides as never },
    });
    const execution: Execution = {
      executionArn,
      stateMachineArn: arn,
      name,
      status: 'RUNNING',
      startDate: Date.now(),
      input,
      abort: run.abort,
      done: Promise.resolve(),
    };
    execution.done = run.result.then(
      (output: unknown) => {
        Object.assign(execution, {
          status: 'SUCCEEDED',
          output: JSON.stringify(output),
          stopDate: Date.now(),
        });
      },
      (e: Error) => {
        Object.assign(execution, { status: 'FAILED', error: e.name, cause: e.message, stopDate: Date.now() });
        opts.log(`step functions ${sm.name}: ${e.name}: ${e.message}`);
      },
    );
    executions.set(executionArn, execution);
    return { executionArn, startDate: execution.startDate / 1000 };
  }

  const actions: Record<string, (body: Record<string, unknown>) => unknown> = {
    StartExecution: start,
    DescribeExecution: (body) => {
      const e = executions.get(String(body.executionArn ?? ''));
      if (!e) throw new SfnError('ExecutionDoesNotExist', `Execution Does Not Exist: '${body.executionArn}'`);
      return {
        ...summary(e),
        input: e.input,
        ...(e.output !== undefined ? { output: e.output } : {}),
        ...(e.error !== undefined ? { error: e.error, cause: e.cause } : {}),
      };
    },
    ListExecutions: (body) => {
      const arn = String(body.stateMachineArn ?? '');
      if (!machines.has(arn))
        throw new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
      const max = Number(body.maxResults) || 100;
      // Newest first, as Step Functions lists them; no paging beyond maxResults here.
      const list = [...executions.values()]
        .filter((e) => e.stateMachineArn === arn && (!body.statusFilter || e.status === body.statusFilter))
        .sort((a, b) => b.startDate - a.startDate)
        .slice(0, max);
      return { executions: list.map(summary) };
    },
  };

  const server = createServer(async (req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const action = target.startsWith('AWSStepFunctions.')
      ? actions[target.slice('AWSStepFunctions.'.length)]
      : undefined;
    if (req.method !== 'POST' || !action)
      return send(res, 400, {
        __type: 'UnknownOperationException',
        message: `Unsupported: ${target || req.method}`,
      });
    const raw = await readCapped(req, MAX_INPUT_BYTES + 4096);
    if (raw === null) return send(res, 400, { __type: 'InvalidExecutionInput', message: 'Input too large' });
    try {
      const body = raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
      send(res, 200, action(body));
    } catch (error) {
      const e =
        error instanceof SfnError ? error : new SfnError('ValidationException', (error as Error).message);
      send(res, 400, { __type: e.name, message: e.message });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', resolve);
  });
  const idle = async () => {
    await Promise.all([...executions.values()].map((e) => e.done));
  };
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    arns: Object.fromEntries(Object.keys(opts.machines).map((name) => [name, arnOf(name)])),
    idle,
    stop: async () => {
      for (const e of executions.values()) if (e.status === 'RUNNING') e.abort();
      await idle();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

class SfnError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

function summary(e: Execution) {
  return {
    executionArn: e.executionArn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: e.status,
    startDate: e.startDate / 1000,
    ...(e.stopDate !== undefined ? { stopDate: e.stopDate / 1000 } : {}),
  };
}

function send(res: ServerResponse, status: number, body: unknown) {
  const type = (body as { __type?: string }).__type;
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    ...(type ? { 'x-amzn-errortype': type } : {}),
  });
  res.end(JSON.stringify(body));
}
