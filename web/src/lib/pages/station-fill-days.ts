import { dayName, lastVariationText, verdictText } from '../../components/station/fill-days-text.ts';
import { apiMessage, type FillDaysResponse, getFillDays, type StationDetail } from '../api.ts';
import { instantiate, refs, whenVisible } from '../dom.ts';
import { formatPrice } from '../format.ts';
import { fuelLabel } from '../prefs.ts';

/**
 * The "Quand faire le plein ?" card (components/station/FillDaysCard.astro). It follows the history card's fuel
 * (one choice on the page); every fuel comes in one request, so changing it asks nothing more.
 */
export function initFillDays(s: StationDetail): void {
  const ui = refs(document, {
    fillDaysCard: HTMLElement,
    fillDaysVerdict: HTMLParagraphElement,
    fillDaysWeek: HTMLUListElement,
    fillDaysDay: HTMLTemplateElement,
    fillDaysLast: HTMLParagraphElement,
    historyFuel: HTMLSelectElement,
  });
  let pending: Promise<FillDaysResponse> | null = null;

  const render = async () => {
    ui.fillDaysWeek.hidden = true;
    ui.fillDaysLast.textContent = '';
    if (!s.prices.length) {
      ui.fillDaysVerdict.textContent = 'Pas de prix, donc rien à dire.';
      return;
    }
    ui.fillDaysVerdict.textContent = 'Chargement…';
    try {
      pending ??= getFillDays(s.id);
      const fuel = ui.historyFuel.value;
      const f = (await pending).fuels.find((x) => x.fuel === fuel);
      if (!f) {
        ui.fillDaysVerdict.textContent = `Rien à dire pour le ${fuelLabel(fuel)}.`;
        return;
      }
      ui.fillDaysVerdict.textContent = `${verdictText(f)}.`;
      const scope = `${fuelLabel(fuel)}, sur les 12 dernières semaines.`;
      ui.fillDaysLast.textContent = f.last ? `${scope} ${lastVariationText(f.last, Date.now())}.` : scope;
      if (f.verdict === 'thin') return;
      ui.fillDaysWeek.replaceChildren(
        ...f.weekdays.map((price, i) => {
          const { root, refs: r } = instantiate(ui.fillDaysDay, { day: HTMLSpanElement, price: HTMLElement });
          r.day.textContent = dayName(i + 1);
          r.price.textContent = price === null ? '—' : formatPrice(price);
          if (f.verdict === 'cheapest' && f.cheapest?.day === i + 1) root.classList.add('cheapest');
          return root;
        }),
      );
      ui.fillDaysWeek.hidden = false;
    } catch (error) {
      pending = null;
      ui.fillDaysVerdict.textContent = `Indisponible pour le moment. ${apiMessage(error)}`;
    }
  };

  ui.historyFuel.addEventListener('change', () => void render());
  whenVisible(ui.fillDaysCard, () => void render());
}
