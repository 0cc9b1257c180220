import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, test } from 'vitest';
import { openTable } from '#shared/db/client.ts';
import { keys } from '#shared/db/keys.ts';
import { getStations } from '#shared/db/station-reads.ts';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-3' }));
const ddb = mockClient(client);
const table = openTable('plein-test', client);

afterEach(() => {
  ddb.reset();
});

describe('station reads of the account routes', () => {
  test('read the name and brand the ingest joined; an item from before names reads null', async () => {
    ddb.on(BatchGetCommand).resolves({
      Responses: {
        'plein-test': [
          { ...keys.station('1'), id: '1', name: 'Total Access', brand: 'TotalEnergies', town: 'Paris' },
          { ...keys.station('2'), id: '2', name: null, brand: 'Intermarché', town: 'Brive' },
          { ...keys.station('3'), id: '3', town: 'Lyon' },
        ],
      },
    });
    const stations = await getStations(table, ['1', '2', '3']);
    expect(stations.get('1')).toMatchObject({ name: 'Total Access', brand: 'TotalEnergies' });
    expect(stations.get('2')).toMatchObject({ name: null, brand: 'Intermarché' });
    expect(stations.get('3')).toMatchObject({ name: null, brand: null, town: 'Lyon' });
    // `name` is a reserved word: projected through an attribute name.
    const request = ddb.commandCalls(BatchGetCommand)[0]?.args[0].input.RequestItems?.['plein-test'];
    expect(request?.ExpressionAttributeNames).toMatchObject({ '#name': 'name', '#brand': 'brand' });
    expect(request?.ProjectionExpression).toContain('#name');
  });
});
