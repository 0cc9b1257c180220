/**
 * "Notifications sur cet appareil" (profile, alerts form): subscribes this browser to push alerts through
 * its push service (`pushManager.subscribe` with the deployment's VAPID key, lib/push-api.ts) and saves the
 * subscription, or undoes both. The words for each state are `deviceState()`'s, pure and unit-tested.
 */
import { ApiError, apiMessage } from './api.ts';
import { base64urlBytes } from './bytes.ts';
import { refs, show } from './dom.ts';
import { isOffline, OFFLINE_ACTION } from './offline.ts';
import { deletePushSubscription, pushKey, savePushSubscription } from './push-api.ts';

export type DeviceState = 'unsupported' | 'blocked' | 'off' | 'on';

/** What the block says and offers in each state. */
export function deviceState(state: DeviceState): { text: string; action: string | null } {
  switch (state) {
    case 'unsupported':
      return {
        text: 'Ce navigateur ne reçoit pas de notifications : choisissez « Par e-mail » pour vos règles.',
        action: null,
      };
    case 'blocked':
      return {
        text: 'Les notifications sont bloquées pour Plein dans ce navigateur : autorisez-les dans ses réglages, ou choisissez « Par e-mail ».',
        action: null,
      };
    case 'off':
      return {
        text: 'Cet appareil ne reçoit pas vos alertes par notification.',
        action: 'Activer les notifications sur cet appareil',
      };
    case 'on':
      return {
        text: 'Cet appareil reçoit vos alertes par notification.',
        action: 'Ne plus recevoir de notifications ici',
      };
  }
}

const supported = () =>
  'serviceWorker' in navigator && 'PushManager' in window && typeof Notification !== 'undefined';

/** The worker's registration, or null when none is running (`npm run dev`, a browser that blocks it). */
async function registration(): Promise<ServiceWorkerRegistration | null> {
  const ready = navigator.serviceWorker.ready;
  const timeout = new Promise<null>((done) => setTimeout(() => done(null), 10_000));
  return Promise.race([ready, timeout]);
}

export function initPushDevice(): void {
  const ui = refs(document, {
    pushDevice: HTMLElement,
    pushState: HTMLElement,
    pushToggle: HTMLButtonElement,
    pushMsg: HTMLElement,
  });
  let current: PushSubscription | null = null;
  const render = (state: DeviceState) => {
    const { text, action } = deviceState(state);
    ui.pushState.textContent = text;
    ui.pushToggle.hidden = action === null;
    ui.pushToggle.textContent = action ?? '';
  };
  const state = (): DeviceState => {
    if (!supported()) return 'unsupported';
    if (Notification.permission === 'denied') return 'blocked';
    return current ? 'on' : 'off';
  };
  const refresh = async () => {
    if (supported()) current = (await (await registration())?.pushManager.getSubscription()) ?? null;
    render(state());
  };

  ui.pushToggle.addEventListener('click', async () => {
    show(ui.pushMsg, null);
    if (isOffline()) return show(ui.pushMsg, OFFLINE_ACTION, 'error');
    ui.pushToggle.disabled = true;
    try {
      current = current ? await turnOff(current) : await turnOn();
      show(
        ui.pushMsg,
        current ? 'Notifications activées sur cet appareil.' : 'Notifications désactivées ici.',
        'ok',
      );
    } catch (error) {
      show(ui.pushMsg, (error as Error).message, 'error');
    } finally {
      ui.pushToggle.disabled = false;
      render(state());
    }
  });
  void refresh();
}

/** Subscribes this browser and saves it: the subscription, or a French error. */
async function turnOn(): Promise<PushSubscription> {
  if ((await Notification.requestPermission()) !== 'granted') throw new Error(deviceState('blocked').text);
  const reg = await registration();
  if (!reg) throw new Error('Les notifications demandent le service de l’application : rechargez la page.');
  const { publicKey } = await pushKey().catch((error: unknown) => {
    throw new Error(apiMessage(error));
  });
  let subscription: PushSubscription;
  try {
    subscription = await reg.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: base64urlBytes(publicKey),
    });
  } catch {
    throw new Error(
      'Le service de notifications de ce navigateur n’a pas répondu : réessayez plus tard, ou choisissez « Par e-mail ».',
    );
  }
  const json = subscription.toJSON();
  try {
    await savePushSubscription({
      endpoint: subscription.endpoint,
      keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' },
    });
  } catch (error) {
    // Not saved: the browser must not think it is subscribed.
    await subscription.unsubscribe().catch(() => false);
    throw new Error(
      error instanceof ApiError && error.code === 'limit'
        ? 'Vos alertes arrivent déjà sur 5 appareils, le maximum : désactivez-les sur l’un d’eux d’abord.'
        : apiMessage(error),
    );
  }
  return subscription;
}

/** Forgets this browser's subscription, on the API then here: none is left (null). */
async function turnOff(subscription: PushSubscription): Promise<null> {
  await deletePushSubscription(subscription.endpoint).catch((error: unknown) => {
    throw new Error(apiMessage(error));
  });
  await subscription.unsubscribe();
  return null;
}
