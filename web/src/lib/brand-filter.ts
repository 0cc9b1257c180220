import { apiMessage, getBrands } from './api.ts';
import { brandsLabel, MAX_BRANDS } from './brands.ts';
import { instantiate } from './dom.ts';

/** The elements of components/list/BrandFilter.astro. */
export interface BrandFilterElements {
  brandFilter: HTMLDetailsElement;
  brandSummary: HTMLSpanElement;
  brandReset: HTMLButtonElement;
  brandMsg: HTMLParagraphElement;
  brandList: HTMLUListElement;
  brandItem: HTMLTemplateElement;
}

/**
 * Drives the brand filter: the brands arrive from GET /api/brands the first time the disclosure opens (a
 * visitor who never filters never pays for the list); every tick calls `onChange` with the chosen brands.
 * Brands chosen before (URL, this device) stay ticked even when the list no longer has them.
 */
export function attachBrandFilter(
  ui: BrandFilterElements,
  initial: readonly string[],
  onChange: (brands: string[]) => void,
): void {
  let chosen = [...initial];
  let loaded = false;
  const boxes = () => [...ui.brandList.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
  const sync = () => {
    ui.brandSummary.textContent = brandsLabel(chosen);
    ui.brandReset.disabled = chosen.length === 0;
    // The API takes at most MAX_BRANDS: the other boxes wait until one is unticked.
    for (const box of boxes()) box.disabled = !box.checked && chosen.length >= MAX_BRANDS;
  };
  const item = (brand: string, stations: number | null) => {
    const { root, refs } = instantiate(ui.brandItem, {
      input: HTMLInputElement,
      name: HTMLSpanElement,
      count: HTMLElement,
    });
    refs.input.value = brand;
    refs.input.checked = chosen.includes(brand);
    refs.name.textContent = brand;
    if (stations === null) refs.count.remove();
    else refs.count.textContent = `${stations.toLocaleString('fr-FR')} station${stations > 1 ? 's' : ''}`;
    return root;
  };

  const load = async () => {
    loaded = true;
    ui.brandMsg.textContent = 'Chargement des marques…';
    try {
      const { brands } = await getBrands();
      const known = new Set(brands.map((b) => b.brand));
      ui.brandList.replaceChildren(
        ...chosen.filter((b) => !known.has(b)).map((b) => item(b, null)),
        ...brands.map((b) => item(b.brand, b.stations)),
      );
      ui.brandMsg.textContent = brands.length ? '' : 'Aucune marque connue pour l’instant.';
      ui.brandMsg.hidden = brands.length > 0;
      sync();
    } catch (error) {
      loaded = false; // try again at the next opening
      ui.brandMsg.textContent = `Liste des marques indisponible. ${apiMessage(error)}`;
    }
  };

  ui.brandFilter.addEventListener('toggle', () => {
    if (ui.brandFilter.open && !loaded) void load();
  });
  ui.brandList.addEventListener('change', () => {
    chosen = boxes()
      .filter((b) => b.checked)
      .map((b) => b.value);
    sync();
    onChange(chosen);
  });
  ui.brandReset.addEventListener('click', () => {
    for (const box of boxes()) box.checked = false;
    chosen = [];
    sync();
    onChange(chosen);
  });
  sync();
}
