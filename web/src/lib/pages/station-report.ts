import type { ReportCreatedResponse, ReportKind } from '#shared/api/report-types.ts';
import { REPORT_LIMITS } from '#shared/domain/report-rules.ts';
import { ApiError, apiMessage, request } from '../api.ts';
import { hasSession } from '../auth.ts';
import { busy, param, refs, show } from '../dom.ts';

type Input = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** The API's field errors in French (its messages are for developers, in English). */
function fieldMessage(field: string, message: string): string {
  const L = REPORT_LIMITS;
  switch (field) {
    case 'kind':
      return 'Choisissez ce qui est faux.';
    case 'name':
      return `Indiquez le nom de la station (${L.name.min} à ${L.name.max} caractères, sans caractères spéciaux).`;
    case 'brand':
      return `Indiquez l’enseigne (${L.name.min} à ${L.name.max} caractères).`;
    case 'lat':
    case 'lon':
      if (/outside France/.test(message)) return 'Cette position n’est pas en France.';
      if (/km from the station/.test(message))
        return `Cette position est à plus de ${L.maxMoveKm} km de la station : vérifiez-la.`;
      if (/département/.test(message)) return 'Cette position est loin du département de la station.';
      return 'Indiquez la latitude et la longitude en degrés décimaux, par exemple 45,1588 et 1,5321.';
    case 'fuel':
      return 'Choisissez un carburant de la liste.';
    case 'comment':
      return `Le commentaire doit faire au plus ${L.comment.max} caractères.`;
    default:
      return message;
  }
}

/** "45,1588" or "45.1588" → 45.1588; anything else is sent as typed, and the API names the field. */
const degrees = (text: string): number | string => {
  const n = Number(text.trim().replace(',', '.'));
  return text.trim() && Number.isFinite(n) ? n : text.trim();
};

/** The report card of the station page (components/station/ReportForm.astro). */
export function initReportForm(): void {
  const id = param('id') ?? '';
  if (!/^\d{7,8}$/.test(id)) return;
  const ui = refs(document, {
    reportSignedOut: HTMLParagraphElement,
    reportSignIn: HTMLAnchorElement,
    reportSignedIn: HTMLDivElement,
    reportOpen: HTMLButtonElement,
    reportDone: HTMLDivElement,
    reportOfficial: HTMLParagraphElement,
    reportOfficialLink: HTMLAnchorElement,
    reportForm: HTMLFormElement,
    reportMsg: HTMLDivElement,
    reportKinds: HTMLFieldSetElement,
    reportNameField: HTMLDivElement,
    reportName: HTMLInputElement,
    reportBrandField: HTMLDivElement,
    reportBrand: HTMLInputElement,
    reportPositionField: HTMLFieldSetElement,
    reportLat: HTMLInputElement,
    reportLon: HTMLInputElement,
    reportFuelField: HTMLDivElement,
    reportFuel: HTMLSelectElement,
    reportComment: HTMLTextAreaElement,
    reportCancel: HTMLButtonElement,
  });
  if (!hasSession()) {
    ui.reportSignedOut.hidden = false;
    ui.reportSignIn.href = `/connexion/?next=${encodeURIComponent(`/station/?id=${id}`)}`;
    return;
  }
  ui.reportSignedIn.hidden = false;
  const { reportForm: form, reportMsg: msg } = ui;
  const radios = [...form.querySelectorAll<HTMLInputElement>('input[name="kind"]')];
  const kind = () => (radios.find((r) => r.checked)?.value ?? '') as ReportKind | '';
  const inputs: Record<string, Input> = {
    kind: radios[0] as HTMLInputElement,
    name: ui.reportName,
    brand: ui.reportBrand,
    lat: ui.reportLat,
    lon: ui.reportLon,
    fuel: ui.reportFuel,
    comment: ui.reportComment,
  };
  const clearInvalid = () => {
    show(msg, null);
    for (const input of Object.values(inputs)) input.removeAttribute('aria-invalid');
  };
  const showKind = () => {
    const k = kind();
    ui.reportNameField.hidden = k !== 'name';
    ui.reportBrandField.hidden = k !== 'brand';
    ui.reportPositionField.hidden = k !== 'position';
    ui.reportFuelField.hidden = k !== 'price';
    ui.reportOfficial.hidden = k !== 'price';
  };
  const open = (opened: boolean) => {
    form.hidden = !opened;
    ui.reportOpen.setAttribute('aria-expanded', String(opened));
    if (opened) {
      ui.reportDone.hidden = true;
      (radios.find((r) => r.checked) ?? radios[0])?.focus();
    } else {
      ui.reportOfficial.hidden = true;
      ui.reportOpen.focus();
    }
  };
  ui.reportOpen.addEventListener('click', () => open(ui.reportOpen.getAttribute('aria-expanded') !== 'true'));
  ui.reportCancel.addEventListener('click', () => open(false));
  for (const r of radios) r.addEventListener('change', showKind);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearInvalid();
    const k = kind();
    const body: Record<string, unknown> = { kind: k || undefined };
    if (k === 'name') body.name = ui.reportName.value;
    if (k === 'brand') body.brand = ui.reportBrand.value;
    if (k === 'position')
      Object.assign(body, { lat: degrees(ui.reportLat.value), lon: degrees(ui.reportLon.value) });
    if (k === 'price' && ui.reportFuel.value) body.fuel = ui.reportFuel.value;
    if (ui.reportComment.value.trim()) body.comment = ui.reportComment.value;
    await busy(form, async () => {
      try {
        const res = await request<ReportCreatedResponse>(`/stations/${encodeURIComponent(id)}/reports`, {
          method: 'POST',
          body,
          auth: true,
        });
        form.reset();
        showKind();
        form.hidden = true;
        ui.reportOpen.setAttribute('aria-expanded', 'false');
        if (res.officialContact) {
          ui.reportOfficialLink.href = res.officialContact;
          ui.reportOfficial.hidden = false;
        }
        show(
          ui.reportDone,
          `Merci ! Votre signalement a été transmis : l’équipe Plein le vérifiera avant de corriger la station.${
            res.remainingToday === 0 ? ' C’était votre dernier signalement pour aujourd’hui.' : ''
          }`,
          'ok',
        );
        ui.reportOpen.focus();
      } catch (error) {
        if (error instanceof ApiError && error.status === 400 && error.field) {
          const input = inputs[error.field];
          show(msg, fieldMessage(error.field, error.message), 'error');
          if (input) {
            input.setAttribute('aria-invalid', 'true');
            input.focus();
          }
        } else if (error instanceof ApiError && error.status === 429) {
          show(
            msg,
            /address/.test(error.message)
              ? 'Trop de signalements depuis cette connexion aujourd’hui. Réessayez demain.'
              : `Vous avez envoyé ${REPORT_LIMITS.perUserPerDay} signalements aujourd’hui, le maximum. Réessayez demain.`,
            'error',
          );
        } else if (error instanceof ApiError && error.status === 404) {
          show(
            msg,
            'Cette station n’est plus dans le flux officiel : elle ne peut pas être corrigée.',
            'error',
          );
        } else show(msg, `Signalement non envoyé. ${apiMessage(error)}`, 'error');
      }
    });
  });
}
