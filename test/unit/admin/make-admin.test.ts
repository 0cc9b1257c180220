import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  AdminAddUserToGroupCommand,
  AdminRemoveUserFromGroupCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, test } from 'vitest';
import { setAdmin, UsageError, userPoolIdFromStack } from '../../../scripts/make-admin.ts';

const cognito = mockClient(CognitoIdentityProviderClient);
const cfn = mockClient(CloudFormationClient);
const client = cognito as unknown as CognitoIdentityProviderClient;
beforeEach(() => {
  cognito.reset();
  cfn.reset();
});

const user = (username: string, email: string) => ({
  Username: username,
  Attributes: [{ Name: 'email', Value: email }],
});

describe('setAdmin', () => {
  test('finds the user by exact email, then adds their username to the admin group', async () => {
    cognito.on(ListUsersCommand).resolves({ Users: [user('uuid-1', 'root@example.com')] });
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    expect(await setAdmin(client, 'eu-west-3_p', 'root@example.com')).toBe('uuid-1');
    expect(cognito.commandCalls(ListUsersCommand)[0]?.args[0].input).toMatchObject({
      UserPoolId: 'eu-west-3_p',
      Filter: 'email = "root@example.com"',
    });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)[0]?.args[0].input).toEqual({
      UserPoolId: 'eu-west-3_p',
      Username: 'uuid-1',
      GroupName: 'admin',
    });
  });

  test('--remove takes the user out of the group', async () => {
    cognito.on(ListUsersCommand).resolves({ Users: [user('uuid-1', 'root@example.com')] });
    await setAdmin(client, 'p', 'root@example.com', true);
    expect(cognito.commandCalls(AdminRemoveUserFromGroupCommand)).toHaveLength(1);
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
  });

  test('no such user, or an address that would escape the filter: a clear message, nothing changed', async () => {
    cognito.on(ListUsersCommand).resolves({ Users: [user('uuid-2', 'Root@example.com')] });
    await expect(setAdmin(client, 'p', 'root@example.com')).rejects.toThrow(UsageError);
    for (const bad of ['a"@b', 'a\\@b', 'not-an-email', 'a b@c'])
      await expect(setAdmin(client, 'p', bad)).rejects.toThrow(/Not an email/);
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
  });
});

describe('userPoolIdFromStack', () => {
  test("the stack's UserPoolId output", async () => {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'Plein-prod',
          CreationTime: new Date(),
          StackStatus: 'UPDATE_COMPLETE',
          Outputs: [
            { OutputKey: 'SiteUrl', OutputValue: 'https://x' },
            { OutputKey: 'UserPoolId', OutputValue: 'eu-west-3_AbC' },
          ],
        },
      ],
    });
    expect(await userPoolIdFromStack(cfn as unknown as CloudFormationClient, 'Plein-prod')).toBe(
      'eu-west-3_AbC',
    );
    expect(cfn.commandCalls(DescribeStacksCommand)[0]?.args[0].input).toEqual({ StackName: 'Plein-prod' });
  });

  test('a stack without the output is refused with a message', async () => {
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [] });
    await expect(userPoolIdFromStack(cfn as unknown as CloudFormationClient, 'Other')).rejects.toThrow(
      /no UserPoolId output/,
    );
  });
});
