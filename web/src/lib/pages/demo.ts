import { apiMessage, getDemoDashboard } from '../api.ts';
import { renderDashboard } from '../dashboard-view.ts';
import { byId, show } from '../dom.ts';
import { lastPlace, type Place } from '../position.ts';

/** Where the demo driver lives when the visitor has not searched anywhere yet. */
const DEFAULT_PLACE: Place = { lat: 48.8566, lon: 2.3522, label: 'Paris' };

export async function initDemo(): Promise<void> {
  const msg = byId('dashboard-msg');
  const place = lastPlace() ?? DEFAULT_PLACE;
  byId('demo-place').textContent = place.label;
  show(msg, 'Chargement de la démo…', 'info');
  try {
    const d = await getDemoDashboard(place);
    show(msg, null);
    renderDashboard(byId('dashboard'), d);
  } catch (error) {
    show(msg, `La démo ne peut pas être affichée. ${apiMessage(error)}`, 'error');
  }
}
