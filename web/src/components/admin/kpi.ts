import { instantiate, refs } from '../../lib/dom.ts';

export interface Kpi {
  /** The figure, or a badge (text and class) in its place. */
  value: string | { badge: string; text: string };
  label: string;
  /** A second, smaller line. */
  detail?: string | undefined;
  /** A hover note. */
  title?: string | undefined;
}

/** Copies of KpiTemplate.astro (once on the admin page), filled. */
export function kpis(list: Kpi[]): HTMLElement[] {
  const { kpiTemplate } = refs(document, { kpiTemplate: HTMLTemplateElement });
  return list.map((k) => {
    const { root, refs: r } = instantiate(kpiTemplate, {
      badge: HTMLElement,
      value: HTMLElement,
      label: HTMLElement,
      detail: HTMLElement,
    });
    if (typeof k.value === 'string') {
      r.value.textContent = k.value;
      r.badge.remove();
    } else {
      r.badge.classList.add(k.value.badge);
      r.badge.textContent = k.value.text;
      r.value.remove();
    }
    r.label.textContent = k.label;
    if (k.detail) r.detail.textContent = k.detail;
    else r.detail.remove();
    if (k.title) root.title = k.title;
    return root;
  });
}
