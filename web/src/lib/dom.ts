type ElementClass = abstract new (...args: never[]) => Element;
type Refs<T extends Record<string, ElementClass>> = { [K in keyof T]: InstanceType<T[K]> };

/**
 * A page's or component's elements, typed: `refs(root, { list: HTMLUListElement })` finds
 * `[data-ref="list"]` inside `root` and checks its class. Throws when one is missing or of another kind (a build
 * mistake, not a user one), so a renamed element fails at load, not on first use.
 */
export function refs<T extends Record<string, ElementClass>>(root: ParentNode, spec: T): Refs<T> {
  const out = {} as Refs<T>;
  for (const [name, kind] of Object.entries(spec) as [keyof T & string, T[keyof T]][]) {
    const node = root.querySelector(`[data-ref="${name}"]`);
    if (!(node instanceof kind)) throw new Error(`[data-ref="${name}"] missing or not a ${kind.name}`);
    out[name] = node as InstanceType<T[typeof name]>;
  }
  return out;
}

/**
 * A fresh copy of an Astro `<template>`'s single root element, with its typed refs: markup stays in the
 * component, the script only fills text (always as text, never as HTML).
 */
export function instantiate<T extends Record<string, ElementClass>>(
  template: HTMLTemplateElement,
  spec: T,
): { root: HTMLElement; refs: Refs<T> } {
  const root = template.content.firstElementChild?.cloneNode(true);
  if (!(root instanceof HTMLElement)) throw new Error('template has no root element');
  return { root, refs: refs(root, spec) };
}

/** Shows a message in a notice element (role=alert/status set in the markup). */
export function show(
  node: HTMLElement,
  text: string | null,
  kind: 'info' | 'warn' | 'error' | 'ok' = 'error',
): void {
  node.hidden = !text;
  node.classList.remove('notice-info', 'notice-warn', 'notice-error', 'notice-ok');
  node.classList.add('notice', `notice-${kind}`);
  node.textContent = text ?? '';
}

/** Runs `work` once the element comes near the viewport (below-the-fold maps and charts load late). */
export function whenVisible(element: Element, work: () => void): void {
  if (!('IntersectionObserver' in window)) {
    work();
    return;
  }
  const observer = new IntersectionObserver(
    (entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      observer.disconnect();
      work();
    },
    { rootMargin: '200px' },
  );
  observer.observe(element);
}

export function param(name: string): string | null {
  return new URLSearchParams(location.search).get(name);
}

/** Disables a form's submit button while `work` runs. */
export async function busy<T>(form: HTMLFormElement, work: () => Promise<T>): Promise<T> {
  const buttons = [...form.querySelectorAll<HTMLButtonElement>('button')];
  for (const b of buttons) b.disabled = true;
  form.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    for (const b of buttons) b.disabled = false;
    form.removeAttribute('aria-busy');
  }
}
