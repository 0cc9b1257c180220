import { apiMessage, getDashboard, putMe } from '../api.ts';
import { hasSession } from '../auth.ts';
import { renderDashboard } from '../dashboard-view.ts';
import { busy, byId, show } from '../dom.ts';
import { lastPlace, locate, rememberPlace } from '../position.ts';
import type { FuelCode } from '../prefs.ts';
import { fail } from './form-helpers.ts';

export function initDashboard(): void {
  if (!hasSession()) {
    byId('signin-prompt').hidden = false;
    return;
  }
  byId('dashboard-area').hidden = false;
  void load();

  byId('use-position').addEventListener('click', async () => {
    try {
      rememberPlace(await locate());
      await load();
    } catch (error) {
      show(byId('dashboard-msg'), (error as Error).message, 'warn');
    }
  });

  const form = byId<HTMLFormElement>('fuels-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const fuels = [...form.querySelectorAll<HTMLInputElement>('input[name="fuels"]:checked')].map(
      (b) => b.value as FuelCode,
    );
    if (fuels.length === 0) return fail('fuels-msg', 'Cochez au moins un carburant.');
    await busy(form, async () => {
      try {
        await putMe({ fuels });
        await load();
      } catch (error) {
        fail('fuels-msg', apiMessage(error));
      }
    });
  });
}

async function load(): Promise<void> {
  const msg = byId('dashboard-msg');
  const root = byId('dashboard');
  const place = lastPlace();
  byId('position-label').textContent = place ? `Distances depuis : ${place.label}` : '';
  show(msg, 'Chargement…', 'info');
  try {
    const d = await getDashboard(place);
    show(msg, null);
    byId('fuels-form').hidden = !d.needsFuels;
    byId('no-favourites').hidden = d.needsFuels || d.favourites > 0;
    if (d.needsFuels || d.favourites === 0) {
      root.replaceChildren();
      return;
    }
    renderDashboard(root, d);
  } catch (error) {
    root.replaceChildren();
    show(msg, `Impossible d’afficher le tableau de bord. ${apiMessage(error)}`, 'error');
  }
}
