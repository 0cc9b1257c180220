// Preloaded into cognito-local: its data store walks stored objects by key, so a username such as
// `toString` or `constructor` found Object.prototype's function and the call failed with a 500, where
// Cognito answers UserNotFoundException. Only keys the store really holds are looked up.
const { StormDBDataStore } = require('cognito-local/lib/services/dataStore/stormDb.js');

const get = StormDBDataStore.prototype.get;
StormDBDataStore.prototype.get = async function ownKeysOnly(ctx, key, defaultValue) {
  let node = await this.db.value();
  for (const k of Array.isArray(key) ? key : [key]) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, k)) return defaultValue ?? null;
    node = node[k];
  }
  return get.call(this, ctx, key, defaultValue);
};
