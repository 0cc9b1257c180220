import {
  type AlertChannel,
  type AlertRuleInput,
  type AlertScope,
  type AlertsResponse,
  apiMessage,
  getAlerts,
  putAlerts,
} from '../api.ts';
import { loadConfig } from '../config.ts';
import { frenchNumberText, type NumberField, readNumber } from '../decimal.ts';
import { busy, instantiate, refs, show } from '../dom.ts';
import { formatPrice } from '../format.ts';
import { lastPlace } from '../position.ts';
import { FUELS, type FuelCode, fuelLabel, savedFuel } from '../prefs.ts';
import { initPushDevice } from '../push-device.ts';
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
    ruleChannel: HTMLSelectElement,
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
  // One action is enough: "Ajouter la règle" saves at once, and "Enregistrer les alertes" also takes the
  // rule typed in "Nouvelle règle" (it used to be dropped, and the new rule waited for a second save).
  ui.ruleAdd.addEventListener('click', () => void busy(form, () => addRule(ui)));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    show(ui.alertsMsg, null);
    await busy(form, async () => {
      if (pendingRule(ui)) {
        await addRule(ui);
        return;
      }
      const cap = readNumber(ui.alertsCap.value, CAP);
      if ('error' in cap) return fail(ui.alertsMsg, cap.error, ui.alertsCap);
      await save(ui, rules, 'Alertes enregistrées.');
    });
  });
}

/** The daily cap field (ALERT_LIMITS.dailyCap). */
const CAP: NumberField = {
  label: 'Le nombre d’e-mails par jour',
  min: 1,
  max: 10,
  unit: '',
  example: '3',
  integer: true,
};
const MAX_PRICE: NumberField = {
  label: 'Le prix maximum',
  min: 0.5,
  max: 5,
  unit: '€ le litre',
  example: '1,85',
  decimals: 3,
};
const DROP: NumberField = {
  label: 'La baisse minimale',
  min: 1,
  max: 50,
  unit: 'centimes',
  example: '5',
  integer: true,
};

/**
 * PUT /api/me/alerts with these rules and the switches; on success the form shows what the API stored. A
 * daily cap that is not a valid number is left out (the API keeps the stored one): the submit button checks
 * it first, and adding a rule must not fail over it.
 */
async function save(ui: Form, next: AlertRuleInput[], done: string): Promise<boolean> {
  const cap = readNumber(ui.alertsCap.value, CAP);
  try {
    fill(
      ui,
      await putAlerts({
        rules: next,
        enabled: ui.alertsEnabled.checked,
        digest: ui.alertsDigest.checked,
        ...('value' in cap ? { dailyCap: cap.value } : {}),
      }),
    );
    show(ui.alertsMsg, done, 'ok');
    return true;
  } catch (error) {
    fail(ui.alertsMsg, `Alertes non enregistrées. ${apiMessage(error)}`);
    return false;
  }
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
    initPushDevice();
  } catch (error) {
    show(ui.alertsMsg, `Impossible de charger vos alertes. ${apiMessage(error)}`, 'error');
  }
}

function fill(ui: Form, res: AlertsResponse): void {
  ui.alertsEnabled.checked = res.enabled;
  ui.alertsDigest.checked = res.digest;
  ui.alertsCap.value = frenchNumberText(res.dailyCap);
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
  return `${fuelLabel(r.fuel)} ${conditions.join(' et ')}, ${where}${r.openNow ? ', stations ouvertes' : ''}${CHANNEL_TEXT[r.channel ?? 'email']}`;
}

/** How the rule notifies, after its description (nothing for email: every rule did before issue 19). */
const CHANNEL_TEXT: Record<AlertChannel, string> = {
  email: '',
  push: ', par notification',
  both: ', par e-mail et par notification',
};
const CHANNELS = Object.keys(CHANNEL_TEXT) as AlertChannel[];

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

/** Something typed in "Nouvelle règle" that was not added yet. */
function pendingRule(ui: Form): boolean {
  return ui.ruleMax.value.trim() !== '' || ui.ruleDrop.value.trim() !== '';
}

/**
 * Adds the rule of "Nouvelle règle" and saves the whole list at once, with its channel ("Me prévenir": email,
 * push notification or both). A rule is meant to notify: when alerts are off, adding one turns them on (and
 * says so); unticking the box afterwards still turns them off.
 */
async function addRule(ui: Form): Promise<void> {
  const fuel = (FUELS.find((f) => f.code === ui.ruleFuel.value)?.code ?? 'Gazole') as FuelCode;
  const maxText = ui.ruleMax.value.trim();
  const dropText = ui.ruleDrop.value.trim();
  if (!maxText && !dropText) {
    fail(ui.alertsMsg, 'Indiquez un prix maximum, une baisse minimale, ou les deux.', ui.ruleMax);
    return;
  }
  const max = maxText ? readNumber(maxText, MAX_PRICE) : null;
  if (max && 'error' in max) return fail(ui.alertsMsg, max.error, ui.ruleMax);
  const drop = dropText ? readNumber(dropText, DROP) : null;
  if (drop && 'error' in drop) return fail(ui.alertsMsg, drop.error, ui.ruleDrop);
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
  const rule: AlertRuleInput = {
    fuel,
    maxPrice: max ? max.value : null,
    dropCents: drop ? drop.value : null,
    scope,
    openNow: ui.ruleOpen.checked,
    channel: CHANNELS.find((c) => c === ui.ruleChannel.value) ?? 'email',
  };
  const turnedOn = !ui.alertsEnabled.checked;
  ui.alertsEnabled.checked = true;
  const saved = await save(
    ui,
    [...rules, rule],
    turnedOn
      ? `Règle enregistrée, et alertes ${rule.channel === 'email' ? 'par e-mail ' : ''}activées : vous serez prévenu dès qu’un prix y correspond.`
      : 'Règle enregistrée : vous serez prévenu dès qu’un prix y correspond.',
  );
  if (saved) {
    ui.ruleMax.value = '';
    ui.ruleDrop.value = '';
  } else if (turnedOn) ui.alertsEnabled.checked = false;
}
