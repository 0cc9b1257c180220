import { REACH_KM } from '#shared/domain/detour.ts';
import { apiMessage, getDashboard, putMe } from '../api.ts';
import { hasSession } from '../auth.ts';
import { renderDashboard } from '../dashboard-view.ts';
import { busy, refs, show } from '../dom.ts';
import { lastPlace, locate, rememberPlace } from '../position.ts';
import type { FuelCode } from '../prefs.ts';
import { type LoadView, loadView } from '../states.ts';
import { showNearPlaces } from './dashboard-places.ts';

export function initDashboard(): void {
  const page = refs(document, {
    signinPrompt: HTMLElement,
    area: HTMLElement,
    usePosition: HTMLButtonElement,
    positionLabel: HTMLElement,
    msg: HTMLElement,
    loadState: HTMLDivElement,
    fuelsForm: HTMLFormElement,
    fuelsMsg: HTMLElement,
    noFavourites: HTMLElement,
    dashboard: HTMLElement,
  });
  if (!hasSession()) {
    page.signinPrompt.hidden = false;
    return;
  }
  page.area.hidden = false;
  const state = loadView(page.loadState, [page.dashboard]);
  const load = (): Promise<void> => loadDashboard(page, state, load);
  void load();
  void showNearPlaces();

  page.usePosition.addEventListener('click', async () => {
    try {
      rememberPlace(await locate());
      await load();
    } catch (error) {
      show(page.msg, (error as Error).message, 'warn');
    }
  });

  const form = page.fuelsForm;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const fuels = [...form.querySelectorAll<HTMLInputElement>('input[name="fuels"]:checked')].map(
      (b) => b.value as FuelCode,
    );
    if (fuels.length === 0) return show(page.fuelsMsg, 'Cochez au moins un carburant.', 'error');
    await busy(form, async () => {
      try {
        await putMe({ fuels });
        await Promise.all([load(), showNearPlaces()]);
      } catch (error) {
        show(page.fuelsMsg, apiMessage(error), 'error');
      }
    });
  });
}

async function loadDashboard(
  page: {
    dashboard: HTMLElement;
    positionLabel: HTMLElement;
    fuelsForm: HTMLElement;
    noFavourites: HTMLElement;
  },
  state: LoadView,
  again: () => Promise<void>,
): Promise<void> {
  const place = lastPlace();
  page.positionLabel.textContent = place
    ? `Distances depuis : ${place.label} (au-delà de ${REACH_KM} km, non recommandée)`
    : `Indiquez votre position : au-delà de ${REACH_KM} km, une station n’est pas recommandée.`;
  page.fuelsForm.hidden = true;
  page.noFavourites.hidden = true;
  state.loading('Chargement du tableau de bord…');
  try {
    const d = await getDashboard(place);
    state.done();
    page.fuelsForm.hidden = !d.needsFuels;
    page.noFavourites.hidden = d.needsFuels || d.favourites > 0;
    if (d.needsFuels || d.favourites === 0) {
      page.dashboard.replaceChildren();
      return;
    }
    renderDashboard(page.dashboard, d);
  } catch (error) {
    page.dashboard.replaceChildren();
    state.error(`Impossible d’afficher le tableau de bord. ${apiMessage(error)}`, () => void again());
  }
}
