/** Where the backfilled history lives in the data bucket (issue 18). One place for every key. */
export const HISTORY_PREFIX = 'history/v1/';

export const historyKeys = {
  pointer: (year: number) => `${HISTORY_PREFIX}${year}/current.json`,
  generation: (year: number, generation: string) => `${HISTORY_PREFIX}${year}/${generation}/`,
  /** A batch of consecutive station-years (BACKFILL.stationsPerObject), numbered from 0. */
  stations: (year: number, generation: string, batch: number) =>
    `${HISTORY_PREFIX}${year}/${generation}/stations/${batch}.json.gz`,
  /** Which batch holds which station. */
  index: (year: number, generation: string) => `${HISTORY_PREFIX}${year}/${generation}/index.json.gz`,
  trend: (year: number, generation: string, dept: string) =>
    `${HISTORY_PREFIX}${year}/${generation}/trends/${dept}.json.gz`,
};
