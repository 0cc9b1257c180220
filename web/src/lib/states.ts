import { refs } from './dom.ts';

/** What a page's load looks like to the driver (components/LoadState.astro): one of these at a time. */
type LoadPhase = 'idle' | 'loading' | 'empty' | 'error';

export interface LoadView {
  /** A spinner and the sentence, in the content's place (hidden meanwhile: no empty map, no old list). */
  loading(text: string): void;
  /** Nothing to show: a sentence saying what to try; the content stays hidden. */
  empty(text: string): void;
  /** The load failed: the reason, and "Réessayer" running `retry` (none: a retry cannot help, e.g. 404). */
  error(text: string, retry: (() => void) | null): void;
  /** The answer is drawn: the state goes, the content shows. */
  done(): void;
}

/**
 * Drives one LoadState component: `content` are the elements the state stands in for, hidden while loading,
 * empty or failed and shown again by `done()`, so an error never sits above the previous answer.
 */
export function loadView(root: HTMLElement, content: readonly HTMLElement[] = []): LoadView {
  const ui = refs(root, { stateText: HTMLParagraphElement, stateRetry: HTMLButtonElement });
  let retry: (() => void) | null = null;
  ui.stateRetry.addEventListener('click', () => {
    const again = retry;
    if (again) again();
  });
  const set = (next: LoadPhase, text: string) => {
    root.dataset.state = next;
    root.hidden = next === 'idle';
    root.setAttribute('aria-busy', String(next === 'loading'));
    ui.stateText.textContent = text;
    ui.stateRetry.hidden = next !== 'error' || !retry;
    for (const node of content) node.hidden = next !== 'idle';
  };
  return {
    loading: (text) => {
      retry = null;
      set('loading', text);
    },
    empty: (text) => {
      retry = null;
      set('empty', text);
    },
    error: (text, again) => {
      retry = again;
      set('error', text);
    },
    done: () => {
      retry = null;
      set('idle', '');
    },
  };
}
