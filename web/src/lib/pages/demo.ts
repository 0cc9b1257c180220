import { apiMessage, getDemoDashboard } from '../api.ts';
import { renderDashboard } from '../dashboard-view.ts';
import { refs } from '../dom.ts';
import { lastPlace, type Place } from '../position.ts';
import { loadView } from '../states.ts';

/** Where the demo driver lives when the visitor has not searched anywhere yet. */
const DEFAULT_PLACE: Place = { lat: 48.8566, lon: 2.3522, label: 'Paris' };

export async function initDemo(): Promise<void> {
  const ui = refs(document, {
    place: HTMLElement,
    loadState: HTMLDivElement,
    dashboard: HTMLDivElement,
  });
  const state = loadView(ui.loadState, [ui.dashboard]);
  const place = lastPlace() ?? DEFAULT_PLACE;
  ui.place.textContent = place.label;
  const load = async (): Promise<void> => {
    state.loading('Chargement de la démo…');
    try {
      const d = await getDemoDashboard(place);
      state.done();
      renderDashboard(ui.dashboard, d);
    } catch (error) {
      state.error(`La démo ne peut pas être affichée. ${apiMessage(error)}`, () => void load());
    }
  };
  await load();
}
