import {
  type AlertRuleInput,
  type AlertScope,
  type AlertsResponse,
  apiMessage,
  getAlerts,
  putAlerts,
} from '../api.ts';
import { loadConfig } from '../config.ts';
import { busy, byId, instantiate, refs, show } from '../dom.ts';
import { formatPrice } from '../format.ts';
import { lastPlace } from '../position.ts';
import { FUELS, type FuelCode, fuelLabel, savedFuel } from '../prefs.ts';
import { fail } from './form-helpers.ts';

/** The rules being edited; saved as a whole list with PUT /api/me/alerts. */
let rules: AlertRuleInput[] = [];
const RADIUS_KM = 10;
const input = (id: string) => byId<HTMLInputElement>(id);

/**
 * The "Alertes de prix" form of the profile page (docs/ALERTS.md for how rules are evaluated). On a
 * deployment that sends no alert (config.json `alerts` not true) it shows a notice and offers nothing.
 */
export function initAlerts(): void {
  const form = byId<HTMLFormElement>('alerts-form');
  byId<HTMLSelectElement>('rule-fuel').value = savedFuel();
  const place = lastPlace();
  const placeOption =
    byId<HTMLSelectElement>('rule-scope').querySelector<HTMLOptionElement>('option[value="place"]');
  if (placeOption) {
    placeOption.disabled = !place;
    placeOption.textContent = place
      ? `À moins de ${RADIUS_KM} km de ${place.label}`
      : 'Autour d’un lieu (cherchez-le d’abord sur « Autour de moi »)';
  }
  void loadConfig()
    .catch(() => null)
    .then((config) => (config?.alerts ? load() : alertsOff()));
  byId('rule-add').addEventListener('click', addRule);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    show(byId('alerts-msg'), null);
    await busy(form, async () => {
      try {
        fill(
          await putAlerts({
            rules,
            enabled: input('alerts-enabled').checked,
            digest: input('alerts-digest').checked,
            dailyCap: Number(input('alerts-cap').value) || 3,
          }),
        );
        show(byId('alerts-msg'), 'Alertes enregistrées.', 'ok');
      } catch (error) {
        fail('alerts-msg', `Alertes non enregistrées. ${apiMessage(error)}`);
      }
    });
  });
}

/** No alert is ever sent here: say so, and hide the switches, the rules and the save button. */
function alertsOff(): void {
  byId('alerts-off').hidden = false;
  byId('alerts-controls').hidden = true;
}

async function load(): Promise<void> {
  try {
    const res = await getAlerts();
    if (!res.available) {
      alertsOff(); // the API knows better than a cached config.json
      return;
    }
    fill(res);
  } catch (error) {
    show(byId('alerts-msg'), `Impossible de charger vos alertes. ${apiMessage(error)}`, 'error');
  }
}

function fill(res: AlertsResponse): void {
  input('alerts-enabled').checked = res.enabled;
  input('alerts-digest').checked = res.digest;
  input('alerts-cap').value = String(res.dailyCap);
  rules = res.rules.map((r) => ({ ...r }));
  render();
}

function describe(r: AlertRuleInput): string {
  const conditions = [
    r.maxPrice ? `à ${formatPrice(r.maxPrice)} ou moins` : null,
    r.dropCents ? `en baisse d’au moins ${r.dropCents} centime${r.dropCents > 1 ? 's' : ''}` : null,
  ].filter(Boolean);
  const where =
    r.scope.kind === 'favourites'
      ? 'dans mes stations favorites'
      : `à moins de ${r.scope.radiusKm} km de ${r.scope.label}`;
  return `${fuelLabel(r.fuel)} ${conditions.join(' et ')}, ${where}${r.openNow ? ', stations ouvertes' : ''}`;
}

function render(): void {
  const page = refs(document, { alertRules: HTMLUListElement, ruleItem: HTMLTemplateElement });
  byId('alert-rules-empty').hidden = rules.length > 0;
  page.alertRules.replaceChildren(
    ...rules.map((rule, i) => {
      const { root, refs: r } = instantiate(page.ruleItem, { text: HTMLElement, remove: HTMLButtonElement });
      r.text.textContent = describe(rule);
      r.remove.setAttribute('aria-label', `Supprimer la règle : ${describe(rule)}`);
      r.remove.addEventListener('click', () => {
        rules = rules.filter((_, j) => j !== i);
        render();
        show(byId('alerts-msg'), 'Règle retirée : enregistrez pour confirmer.', 'info');
      });
      return root;
    }),
  );
}

function addRule(): void {
  const fuel = (FUELS.find((f) => f.code === byId<HTMLSelectElement>('rule-fuel').value)?.code ??
    'Gazole') as FuelCode;
  const maxText = input('rule-max').value.replace(',', '.').trim();
  const dropText = input('rule-drop').value.trim();
  const maxPrice = maxText ? Number(maxText) : null;
  const dropCents = dropText ? Number(dropText) : null;
  if (maxPrice === null && dropCents === null) {
    fail('alerts-msg', 'Indiquez un prix maximum, une baisse minimale, ou les deux.', 'rule-max');
    return;
  }
  if (maxPrice !== null && !(maxPrice >= 0.5 && maxPrice <= 5)) {
    fail('alerts-msg', 'Le prix maximum va de 0,5 à 5 € le litre.', 'rule-max');
    return;
  }
  if (dropCents !== null && !(Number.isInteger(dropCents) && dropCents >= 1 && dropCents <= 50)) {
    fail('alerts-msg', 'La baisse minimale va de 1 à 50 centimes.', 'rule-drop');
    return;
  }
  const place = lastPlace();
  const scope: AlertScope =
    byId<HTMLSelectElement>('rule-scope').value === 'place' && place
      ? {
          kind: 'place',
          lat: place.lat,
          lon: place.lon,
          radiusKm: RADIUS_KM,
          label: place.label.slice(0, 40),
        }
      : { kind: 'favourites' };
  rules = [...rules, { fuel, maxPrice, dropCents, scope, openNow: input('rule-open').checked }];
  input('rule-max').value = '';
  input('rule-drop').value = '';
  render();
  show(byId('alerts-msg'), 'Règle ajoutée : enregistrez pour l’activer.', 'info');
}
