import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AlertPreferences, ProfileView } from '../api/account-types.ts';
import { readSavedPlaces } from '../domain/places.ts';
import type { ProfileUpdateInput } from '../domain/profile.ts';
import { DEFAULT_ALERTS } from '../domain/profile.ts';
import type { Table } from './client.ts';
import { keys } from './keys.ts';

/** The stored profile is exactly what GET /api/me shows. */
export type Profile = ProfileView;

/** What a user has before they change anything (issue 5: no fuel chosen → the dashboard asks). */
const DEFAULT_PROFILE: Profile = Object.freeze({
  displayName: '',
  fuels: [],
  tankLitres: 50,
  consumptionL100: 6.5,
  yearlyKm: 12_000,
  alerts: DEFAULT_ALERTS,
  places: [],
  createdAt: null,
  updatedAt: null,
});

const FIELDS = Object.keys(DEFAULT_PROFILE) as (keyof Profile)[];

/**
 * The profile from its item: known fields only, defaults for the missing (or mistyped) ones. The item also
 * holds bookkeeping that is not part of the profile (`favIds`, the favourite slots: shared/db/favourites.ts).
 */
export function toProfile(item: Record<string, unknown> | undefined): Profile {
  const d = DEFAULT_PROFILE;
  const num = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback);
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const alerts = (item?.alerts ?? {}) as Partial<Record<keyof AlertPreferences, unknown>>;
  return {
    displayName: str(item?.displayName) ?? d.displayName,
    fuels: Array.isArray(item?.fuels) ? (item.fuels as Profile['fuels']) : [],
    tankLitres: num(item?.tankLitres, d.tankLitres),
    consumptionL100: num(item?.consumptionL100, d.consumptionL100),
    yearlyKm: num(item?.yearlyKm, d.yearlyKm),
    alerts: {
      enabled: typeof alerts.enabled === 'boolean' ? alerts.enabled : DEFAULT_ALERTS.enabled,
      dailyCap: num(alerts.dailyCap, DEFAULT_ALERTS.dailyCap),
    },
    places: readSavedPlaces(item?.places),
    createdAt: str(item?.createdAt),
    updatedAt: str(item?.updatedAt),
  };
}

export async function getProfile(table: Table, sub: string): Promise<Profile> {
  const res = await table.client.send(new GetCommand({ TableName: table.name, Key: keys.profile(sub) }));
  return toProfile(res.Item);
}

/**
 * Saves the fields given (the others keep their value) with one UpdateItem, so the item's other attributes
 * (the favourite slots) are never overwritten. `alerts` is merged field by field: `SET alerts.dailyCap`
 * where the map exists, else the whole map (defaults + the fields given) where it does not; the condition
 * picks the right one and a lost race with another first save just tries the other. Returns the profile
 * as stored.
 */
export async function saveProfile(
  table: Table,
  sub: string,
  update: ProfileUpdateInput,
  now: Date,
): Promise<Profile> {
  const { alerts, ...fields } = update;
  const sent = Object.fromEntries(Object.entries(alerts ?? {}).filter(([, v]) => v !== undefined));
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':now': now.toISOString() };
  const sets = ['updatedAt = :now', 'createdAt = if_not_exists(createdAt, :now)'];
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined || !FIELDS.includes(field as keyof Profile)) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }
  const send = (alertsExist: boolean) => {
    const n = { ...names };
    const v = { ...values };
    const s = [...sets];
    let condition: string | undefined;
    if (Object.keys(sent).length > 0) {
      n['#alerts'] = 'alerts';
      if (alertsExist) {
        for (const [k, value] of Object.entries(sent)) {
          n[`#a_${k}`] = k;
          v[`:a_${k}`] = value;
          s.push(`#alerts.#a_${k} = :a_${k}`);
        }
        condition = 'attribute_type(#alerts, :map)';
        v[':map'] = 'M';
      } else {
        v[':alerts'] = { ...DEFAULT_ALERTS, ...sent };
        s.push('#alerts = :alerts');
        condition = 'attribute_not_exists(#alerts)';
      }
    }
    return new UpdateCommand({
      TableName: table.name,
      Key: keys.profile(sub),
      UpdateExpression: `SET ${s.join(', ')}`,
      ...(condition ? { ConditionExpression: condition } : {}),
      ...(Object.keys(n).length ? { ExpressionAttributeNames: n } : {}),
      ExpressionAttributeValues: v,
      ReturnValues: 'ALL_NEW',
    });
  };
  // Most saves find the map (any save with alerts creates it); the other shape is the fallback.
  for (const alertsExist of [true, false, true]) {
    try {
      const res = await table.client.send(send(alertsExist));
      return toProfile(res.Attributes);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
  throw new Error('The profile alerts could not be saved');
}
