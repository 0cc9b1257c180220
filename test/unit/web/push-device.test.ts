import { describe, expect, test } from 'vitest';
import { base64urlBytes } from '../../../web/src/lib/bytes.ts';
import { deviceState } from '../../../web/src/lib/push-device.ts';

describe('"Notifications sur cet appareil"', () => {
  test('says what this device gets and offers the one action that makes sense', () => {
    expect(deviceState('off').action).toBe('Activer les notifications sur cet appareil');
    expect(deviceState('on')).toEqual({
      text: 'Cet appareil reçoit vos alertes par notification.',
      action: 'Ne plus recevoir de notifications ici',
    });
    // Nothing to click where the browser cannot or will not: the way out is said instead.
    expect(deviceState('blocked').action).toBeNull();
    expect(deviceState('blocked').text).toContain('autorisez-les dans ses réglages');
    expect(deviceState('unsupported').action).toBeNull();
    expect(deviceState('unsupported').text).toContain('Par e-mail');
  });

  test('the VAPID key goes to pushManager.subscribe as its 65 bytes', () => {
    const bytes = Uint8Array.from({ length: 65 }, (_, i) => (i * 37 + 4) % 256);
    const base64url = Buffer.from(bytes).toString('base64url');
    expect(base64urlBytes(base64url)).toEqual(bytes);
  });
});
