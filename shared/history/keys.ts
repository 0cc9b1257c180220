/** Where the backfilled history lives in the data bucket (issue 18). One place for every key. */
export const HISTORY_PREFIX = 'history/v1/';

export const historyKeys = {
  pointer: (year: number) => `${HISTORY_PREFIX}${year}/current.json`,
  generation: (year: number, generation: string) => `${HISTORY_PREFIX}${year}/${generation}/`,
  station: (year: number, generation: string, stationId: string) =>
    `${HISTORY_PREFIX}${year}/${generation}/stations/${stationId}.json.gz`,
  trend: (year: number, generation: string, dept: string) =>
    `${HISTORY_PREFIX}${year}/${generation}/trends/${dept}.json.gz`,
};
