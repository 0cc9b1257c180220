import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { FuelCode } from '../domain/fuels.ts';
import type { DynamoDBDocumentClient } from './client.ts';
import { keys } from './keys.ts';

export interface Profile {
  displayName: string;
  fuels: FuelCode[];
  tankLitres: number;
  consumptionL100: number;
  yearlyKm: number;
  createdAt: string | null;
  updatedAt: string | null;
}

/** What a user has before they change anything (issue 5: no fuel chosen → the dashboard asks). */
export const DEFAULT_PROFILE: Profile = Object.freeze({
  displayName: '',
  fuels: [],
  tankLitres: 50,
  consumptionL100: 6.5,
  yearlyKm: 12_000,
  createdAt: null,
  updatedAt: null,
});

export async function getProfile(
  db: DynamoDBDocumentClient,
  tableName: string,
  sub: string,
): Promise<Profile> {
  const res = await db.send(new GetCommand({ TableName: tableName, Key: keys.profile(sub) }));
  if (!res.Item) return { ...DEFAULT_PROFILE };
  const { PK: _pk, SK: _sk, ...stored } = res.Item;
  return { ...DEFAULT_PROFILE, ...(stored as Partial<Profile>) };
}
