import { refs } from './dom.ts';
import { type Shared, share, shareMessage } from './share.ts';

/** Wires a ShareButton.astro inside `root`: `build` gives what to share at the moment of the tap. */
export function attachShare(root: ParentNode, build: () => Shared & { rounded?: boolean }): void {
  const ui = refs(root, {
    shareButton: HTMLButtonElement,
    shareMsg: HTMLParagraphElement,
    shareLinkLabel: HTMLLabelElement,
    shareLink: HTMLInputElement,
  });
  ui.shareButton.addEventListener('click', async () => {
    const { rounded = false, ...data } = build();
    const outcome = await share(data);
    ui.shareMsg.textContent = shareMessage(outcome, rounded);
    ui.shareLinkLabel.hidden = outcome.kind !== 'manual';
    if (outcome.kind === 'manual') {
      ui.shareLink.value = outcome.link;
      ui.shareLink.select();
    }
  });
}
