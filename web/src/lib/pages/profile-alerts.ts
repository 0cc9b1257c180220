import {
  type AlertRuleInput,
  type AlertScope,
  type AlertsResponse,
  apiMessage,
  getAlerts,
  putAlerts,
} from '../api.ts';
import { loadConfig } from '../config.ts';
import { busy, instantiate, refs, show } from '../dom.ts';
import { formatPrice } from '../format.ts';
import { lastPlace } from '../position.ts';
import { FUELS, type FuelCode, fuelLabel, savedFuel } from '../prefs.ts';
import { fail } from './form-helpers.ts';

/** The rules being edited; saved as a whole list with PUT /api/me/alerts. */
let rules: AlertRuleInput[] = [];
const RADIUS_KM = 10;

/** The "Alertes de prix" form's elements (profil.astro). */
type Form = ReturnType<typeof find>;
const find = () =>
  refs(document, {
    alertsForm: HTMLFormElement,
    alertsOff: HTMLElement,
    alertsControls: HTMLElement,
    alertsMsg: HTMLElement,
    alertsEnabled: HTMLInputElement,
    alertsDigest: HTMLInputElement,
    alertsCap: HTMLInputElement,
    alertRules: HTMLUListElement,
    alertRulesEmpty: HTMLElement,
    ruleItem: HTMLTemplateElement,
    ruleFuel: HTMLSelectElement,
    ruleScope: HTMLSelectElement,
    ruleMax: HTMLInputElement,
    ruleDrop: HTMLInputElement,
    ruleOpen: HTMLInputElement,
    ruleAdd: HTMLButtonElement,
  });

/**
 * The "Alertes de prix" form of the profile page (docs/ALERTS.md for how rules are evaluated). On a
 * deployment that sends no alert (config.json `alerts` not true) it shows a notice and offers nothing.
 */
export function initAlerts(): void {
  const ui = find();
  const form = ui.alertsForm;
  ui.ruleFuel.value = savedFuel();
  const place = lastPlace();
  const placeOption = ui.ruleScope.querySelector<HTMLOptionElement>('option[value="place"]');
  if (placeOption) {
    placeOption.disabled = !place;
    placeOption.textContent = place
      ? `À moins de ${RADIUS_KM} km de ${place.label}`
      : 'Autour d’un lieu (cherchez-le d’abord sur « Autour de moi »)';
  }
  void loadConfig()
    .catch(() => null)
    .then((config) => (config?.alerts ? load(ui) : alertsOff(ui)));
  ui.ruleAdd.addEventListener('click', () => addRule(ui));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    show(ui.alertsMsg, null);
    await busy(form, async () => {
      try {
        fill(
          ui,
          await putAlerts({
            rules,
            enabled: ui.alertsEnabled.checked,
            digest: ui.alertsDigest.checked,
            dailyCap: Number(ui.alertsCap.value) || 3,
          }),
        );
        show(ui.alertsMsg, 'Alertes enregistrées.', 'ok');
      } catch (error) {
        fail(ui.alertsMsg, `Alertes non enregistrées. ${apiMessage(error)}`);
      }
    });
  });
}

/** No alert is ever sent here: say so, and hide the switches, the rules and the save button. */
function alertsOff(ui: Form): void {
  ui.alertsOff.hidden = false;
  ui.alertsControls.hidden = true;
}

async function load(ui: Form): Promise<void> {
  try {
    const res = await getAlerts();
    if (!res.available) {
      alertsOff(ui); // the API knows better than a cached config.json
      return;
    }
    fill(ui, res);
  } catch (error) {
    show(ui.alertsMsg, `Impossible de charger vos alertes. ${apiMessage(error)}`, 'error');
  }
}

function fill(ui: Form, res: AlertsResponse): void {
  ui.alertsEnabled.checked = res.enabled;
  ui.alertsDigest.checked = res.digest;
  ui.alertsCap.value = String(res.dailyCap);
  rules = res.rules.map((r) => ({ ...r }));
  render(ui);
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

function render(ui: Form): void {
  ui.alertRulesEmpty.hidden = rules.length > 0;
  ui.alertRules.replaceChildren(
    ...rules.map((rule, i) => {
      const { root, refs: r } = instantiate(ui.ruleItem, { text: HTMLElement, remove: HTMLButtonElement });
      r.text.textContent = describe(rule);
      r.remove.setAttribute('aria-label', `Supprimer la règle : ${describe(rule)}`);
      r.remove.addEventListener('click', () => {
        rules = rules.filter((_, j) => j !== i);
        render(ui);
        show(ui.alertsMsg, 'Règle retirée : enregistrez pour confirmer.', 'info');
      });
      return root;
    }),
  );
}

function addRule(ui: Form): void {
  const fuel = (FUELS.find((f) => f.code === ui.ruleFuel.value)?.code ?? 'Gazole') as FuelCode;
  const maxText = ui.ruleMax.value.replace(',', '.').trim();
  const dropText = ui.ruleDrop.value.trim();
  const maxPrice = maxText ? Number(maxText) : null;
  const dropCents = dropText ? Number(dropText) : null;
  if (maxPrice === null && dropCents === null) {
    fail(ui.alertsMsg, 'Indiquez un prix maximum, une baisse minimale, ou les deux.', ui.ruleMax);
    return;
  }
  if (maxPrice !== null && !(maxPrice >= 0.5 && maxPrice <= 5)) {
    fail(ui.alertsMsg, 'Le prix maximum va de 0,5 à 5 € le litre.', ui.ruleMax);
    return;
  }
  if (dropCents !== null && !(Number.isInteger(dropCents) && dropCents >= 1 && dropCents <= 50)) {
    fail(ui.alertsMsg, 'La baisse minimale va de 1 à 50 centimes.', ui.ruleDrop);
    return;
  }
  const place = lastPlace();
  const scope: AlertScope =
    ui.ruleScope.value === 'place' && place
      ? {
          kind: 'place',
          lat: place.lat,
          lon: place.lon,
          radiusKm: RADIUS_KM,
          label: place.label.slice(0, 40),
        }
      : { kind: 'favourites' };
  rules = [...rules, { fuel, maxPrice, dropCents, scope, openNow: ui.ruleOpen.checked }];
  ui.ruleMax.value = '';
  ui.ruleDrop.value = '';
  render(ui);
  show(ui.alertsMsg, 'Règle ajoutée : enregistrez pour l’activer.', 'info');
}
