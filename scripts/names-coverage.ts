/**
 * How many stations of the real feeds get a name or a brand from the names file (issue 16, "Done when"):
 *   npm run names:coverage                       every dated feed in ../shared/feeds with the newest names file
 *   npm run names:coverage -- --feed <zip|xml> --names <csv|csv.bz2>
 * Uses the product's own path: readNames → buildNamesTable → readFeed → applyNames → namesCoverage.
 * Exit codes: 0 ok, 1 a file could not be read, 2 bad usage.
 */
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { applyNames, namesCoverage } from '#shared/domain/names.ts';
import type { Station } from '#shared/domain/station.ts';
import { readFeed } from '#shared/feed/index.ts';
import { loadBrands } from '#shared/names/brands.ts';
import { readNames } from '#shared/names/read.ts';
import { buildNamesTable } from '#shared/names/table.ts';
import { localNamesFile } from '../infra/local/names-source.ts';

const ROOT = resolve(import.meta.dirname, '..');
const USAGE = 'usage: npm run names:coverage -- [--feed <file>]… [--names <file>]';

const { values } = parseArgs({
  options: {
    feed: { type: 'string', multiple: true },
    names: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const feedsDir = resolve(ROOT, '..', 'shared', 'feeds');
const feeds = values.feed?.length
  ? values.feed.map((f) => resolve(f))
  : existsSync(feedsDir)
    ? readdirSync(feedsDir)
        .filter((name) => /\.(zip|xml)$/i.test(name) && /\d{4}-\d{2}-\d{2}/.test(name))
        .sort()
        .map((name) => join(feedsDir, name))
    : [];
const namesFile = values.names ? resolve(values.names) : localNamesFile(ROOT, {});
if (!namesFile || feeds.length === 0) {
  process.stderr.write(`${USAGE}\n(no ${namesFile ? 'feed' : 'names file'} found)\n`);
  process.exit(2);
}

const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)}%` : '–');
const fmt = (n: number) => n.toLocaleString('en');

try {
  const { table, invalidIds } = await buildNamesTable(readNames(createReadStream(namesFile)), {
    brands: loadBrands(),
    source: basename(namesFile),
    fetchedAt: new Date().toISOString(),
  });
  console.log(
    `names: ${basename(namesFile)}: ${fmt(table.rows)} rows, ${fmt(Object.keys(table.entries).length)} ids ` +
      `(${fmt(table.duplicateIds)} on several OSM objects, ${fmt(invalidIds)} invalid), version ${table.version}`,
  );
  for (const feed of feeds) {
    const stations: Station[] = [];
    for await (const station of readFeed(createReadStream(feed, { highWaterMark: 256 * 1024 }))) {
      stations.push(applyNames(station, table.entries[station.id], undefined));
    }
    const c = namesCoverage(stations, table);
    console.log(
      `${basename(feed)}: ${fmt(c.stations)} stations, with name ${fmt(c.withName)} (${pct(c.withName, c.stations)}), ` +
        `with brand ${fmt(c.withBrand)} (${pct(c.withBrand, c.stations)}), ` +
        `with either ${fmt(c.withEither)} (${pct(c.withEither, c.stations)}), neither ${fmt(c.neither)}, ` +
        `unmatched OSM ids ${fmt(c.unmatchedOsmIds)}`,
    );
  }
} catch (error) {
  process.stderr.write(`names:coverage: ${(error as Error).message}\n`);
  process.exit(1);
}
