import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AlertPreferences, ProfileView } from '../api/account-types.ts';
import type { ProfileUpdateInput } from '../domain/profile.ts';
import { DEFAULT_ALERTS } from '../domain/profile.ts';
import type { DynamoDBDocumentClient } from './client.ts';
import { keys } from './keys.ts';

/** The stored profile is exactly what GET /api/me shows. */
export type Profile = ProfileView;

/** What a user has before they change anything (issue 5: no fuel chosen → the dashboard asks). */
export const DEFAULT_PROFILE: Profile = Object.freeze({
  displayName: '',
  fuels: [],
  tankLitres: 50,
  consumptionL100: 6.5,
  yearlyKm: 12_000,
  alerts: DEFAULT_ALERTS,
  createdAt: null,
  updatedAt: null,
});

const FIELDS = Object.keys(DEFAULT_PROFILE) as (keyof Profile)[];

/**
 * The profile from its item: known fields only, defaults for the missing ones. The item also holds
 * bookkeeping that is not part of the profile (`favIds`, the favourite slots: shared/db/favourites.ts).
 */
export function toProfile(item: Record<string, unknown> | undefined): Profile {
  const profile: Record<string, unknown> = { ...DEFAULT_PROFILE, fuels: [], alerts: { ...DEFAULT_ALERTS } };
  for (const field of FIELDS) if (item?.[field] !== undefined) profile[field] = item[field];
  profile.alerts = { ...DEFAULT_ALERTS, ...(item?.alerts as Partial<AlertPreferences> | undefined) };
  return profile as unknown as Profile;
}

export async function getProfile(
  db: DynamoDBDocumentClient,
  tableName: string,
  sub: string,
): Promise<Profile> {
  const res = await db.send(new GetCommand({ TableName: tableName, Key: keys.profile(sub) }));
  return toProfile(res.Item);
}

/**
 * Saves the fields given (the others keep their value) with one UpdateItem, so the item's other attributes
 * (the favourite slots) are never overwritten. Returns the profile as stored.
 */
export async function saveProfile(
  db: DynamoDBDocumentClient,
  tableName: string,
  sub: string,
  update: ProfileUpdateInput,
  now: Date,
): Promise<Profile> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':now': now.toISOString() };
  const sets = ['updatedAt = :now', 'createdAt = if_not_exists(createdAt, :now)'];
  for (const [field, value] of Object.entries(update)) {
    if (value === undefined || !FIELDS.includes(field as keyof Profile)) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }
  const res = await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.profile(sub),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW',
    }),
  );
  return toProfile(res.Attributes);
}
