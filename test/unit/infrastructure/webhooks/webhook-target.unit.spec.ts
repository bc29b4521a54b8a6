import { checkWebhookTarget, WebhookTargetRefused } from '../../../../src/infrastructure/webhooks/webhook-target.js';

describe('checkWebhookTarget', () => {
  it.each(['http://127.0.0.1/', 'http://10.1.2.3/', 'http://192.168.0.1/', 'http://172.16.0.1/', 'http://169.254.169.254/', 'http://100.64.0.1/', 'http://0.0.0.0/', 'http://[::1]/', 'http://[fd00::1]/', 'http://[::ffff:127.0.0.1]/'])(
    'refuses %s',
    async (url) => {
      await expect(checkWebhookTarget(new URL(url), false)).rejects.toBeInstanceOf(WebhookTargetRefused);
    },
  );

  it('accepts public addresses, and anything when private targets are allowed', async () => {
    await expect(checkWebhookTarget(new URL('https://8.8.8.8/hook'), false)).resolves.toBeUndefined();
    await expect(checkWebhookTarget(new URL('http://[2001:4860:4860::8888]/'), false)).resolves.toBeUndefined();
    await expect(checkWebhookTarget(new URL('http://127.0.0.1:3000/'), true)).resolves.toBeUndefined();
  });

  it('resolves names and refuses one that points at loopback', async () => {
    await expect(checkWebhookTarget(new URL('http://localhost:3000/'), false)).rejects.toThrow(/non-public address/);
  });
});
