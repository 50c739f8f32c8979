import Fastify from "fastify";
import { z } from "zod";

/**
 * The floor: the least a Telegram webhook can do on this machine. Fastify parses the update,
 * one `sendMessage` goes to the Bot API, and the webhook answers once it was accepted; no
 * database, no session, no secret check. Whatever ours or the peer costs beyond this is their
 * own work. Reads the same variables as our server (PORT, HOST, TELEGRAM_*).
 */
const env = z
  .object({ PORT: z.coerce.number().int(), HOST: z.string(), TELEGRAM_BOT_TOKEN: z.string(), TELEGRAM_API_ROOT: z.string().url() })
  .parse(process.env);

interface Update {
  message?: { chat: { id: number } };
  callback_query?: { message?: { chat: { id: number } } };
}

const sendMessageUrl = `${env.TELEGRAM_API_ROOT}/bot${env.TELEGRAM_BOT_TOKEN}/sendMessage`;
const app = Fastify({ logger: false });

app.get("/readyz", async () => ({ ready: true }));
app.post("/webhooks/telegram", async (request) => {
  const update = request.body as Update;
  const chatId = update.message?.chat.id ?? update.callback_query?.message?.chat.id;
  if (chatId !== undefined) {
    const response = await fetch(sendMessageUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ chat_id: chatId, text: "Cảm ơn bạn, chúng tôi đã nhận được tin nhắn." }),
    });
    await response.arrayBuffer();
  }
  return { ok: true };
});

await app.listen({ port: env.PORT, host: env.HOST });
process.on("SIGTERM", () => void app.close().then(() => process.exit(0)));
