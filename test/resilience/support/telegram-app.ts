import { FakeTelegram } from "../../fakes/fake-telegram.js";

export const telegramToken = "123456789:AAEhBP0av28-abcdefghijklmnopqrstu12";
export const webhookSecret = "resilience-webhook-secret-0123";
export const adminToken = "resilience-admin-token-0123456789";
export const registrationKeyBase64 = Buffer.alloc(32, 9).toString("base64");

/** The environment of an app in webhook mode against a fake (or a proxy of a fake) Bot API. */
export function telegramWebhookEnv(apiRoot: string): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: telegramToken,
    TELEGRAM_API_ROOT: apiRoot,
    TELEGRAM_WEBHOOK_SECRET: webhookSecret,
    PUBLIC_URL: "https://bot.example.vn",
    ADMIN_API_TOKEN: adminToken,
    REGISTRATION_ENCRYPTION_KEY: registrationKeyBase64,
  };
}

export function startFakeTelegram(): Promise<FakeTelegram> {
  return new FakeTelegram({ token: telegramToken }).start();
}

/** Delivers one update to an instance's webhook, as Telegram does. */
export async function deliverUpdate(baseUrl: string, update: Record<string, unknown>): Promise<number> {
  const response = await fetch(`${baseUrl}/webhooks/telegram`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": webhookSecret },
    body: JSON.stringify(update),
  });
  await response.arrayBuffer();
  return response.status;
}

export async function adminRequest(baseUrl: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** Creates an announcement for everyone subscribed to `topic` and returns its id. */
export async function announce(baseUrl: string, text: string, topic = "japan"): Promise<string> {
  const created = await adminRequest(baseUrl, "POST", "/api/admin/announcements", { text, target: { topics: [topic] } });
  if (created.status !== 201) throw new Error(`announcement refused: ${JSON.stringify(created.body)}`);
  return created.body.id as string;
}
