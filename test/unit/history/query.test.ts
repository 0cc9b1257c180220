import { expect, test } from 'vitest';
import { historyQuery } from '#shared/api/schemas.ts';
import { parisDay } from '#shared/domain/time.ts';

/** The field the middleware would name in its 400 (the first issue's path), or the parsed query. */
const parse = (q: Record<string, string>) => {
  const res = historyQuery.safeParse(q);
  return res.success ? res.data : { field: res.error.issues[0]?.path.join('.') };
};

test('days as today, or Paris dates from–to', () => {
  expect(parse({})).toEqual({});
  expect(parse({ days: '7' })).toEqual({ days: 7 });
  expect(parse({ from: '2007-01-01' })).toEqual({ from: '2007-01-01' });
  expect(parse({ from: '2013-12-01', to: '2014-12-31', fuel: 'diesel' })).toEqual({
    from: '2013-12-01',
    to: '2014-12-31',
    fuel: 'Gazole',
  });
  expect(parse({ from: '2014-03-02', to: '2014-03-02' })).toEqual({ from: '2014-03-02', to: '2014-03-02' });
  expect(parse({ from: '2014-01-01', to: parisDay(Date.now()) })).not.toHaveProperty('field');
});

test('400 naming the field', () => {
  const tomorrow = parisDay(Date.now() + 86_400_000);
  for (const [q, field] of [
    [{ days: '30', from: '2014-01-01' }, 'days'],
    [{ days: '30', to: '2014-01-01' }, 'days'],
    [{ to: '2014-01-01' }, 'from'],
    [{ from: '2006-12-31' }, 'from'],
    [{ from: '2014-02-30' }, 'from'],
    [{ from: '2014/01/01' }, 'from'],
    [{ from: '2014-01-01', to: tomorrow }, 'to'],
    [{ from: '2014-02-01', to: '2014-01-31' }, 'to'],
    [{ days: '366' }, 'days'],
  ] as const) {
    expect(parse(q), JSON.stringify(q)).toEqual({ field });
  }
});
