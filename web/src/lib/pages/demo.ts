import { apiMessage, getDemoDashboard } from '../api.ts';
import { renderDashboard } from '../dashboard-view.ts';
import { refs, show } from '../dom.ts';
import { lastPlace, type Place } from '../position.ts';

/** Where the demo driver lives when the visitor has not searched anywhere yet. */
const DEFAULT_PLACE: Place = { lat: 48.8566, lon: 2.3522, label: 'Paris' };

export async function initDemo(): Promise<void> {
  const ui = refs(document, { place: HTMLElement, msg: HTMLDivElement, dashboard: HTMLDivElement });
  const place = lastPlace() ?? DEFAULT_PLACE;
  ui.place.textContent = place.label;
  show(ui.msg, 'Chargement de la démo…', 'info');
  try {
    const d = await getDemoDashboard(place);
    show(ui.msg, null);
    renderDashboard(ui.dashboard, d);
  } catch (error) {
    show(ui.msg, `La démo ne peut pas être affichée. ${apiMessage(error)}`, 'error');
  }
}
