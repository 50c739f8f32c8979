import Fastify from "fastify";
import { Bot, session, webhookCallback, type Context, type SessionFlavor } from "grammy";
import { z } from "zod";
import { openPeerStorage } from "./peer-storage.js";

/**
 * The peer: a grammY bot written the way grammY's documentation shows it. The webhook callback
 * on Fastify checks the secret token, the session plugin keeps a per-chat counter through a
 * published storage adapter (`psql` or `prisma`, the first argument), and every text is
 * answered with one fixed reply (a button press: answerCallbackQuery, then the reply).
 * Reads the same variables as our server (PORT, HOST, TELEGRAM_*, DATA_DIR, DATABASE_URL).
 */
const storageKind = z.enum(["psql", "prisma"]).parse(process.argv[2]);
const env = z
  .object({
    PORT: z.coerce.number().int(),
    HOST: z.string(),
    TELEGRAM_BOT_TOKEN: z.string(),
    TELEGRAM_API_ROOT: z.string().url(),
    TELEGRAM_WEBHOOK_SECRET: z.string(),
    DATA_DIR: z.string(),
    DATABASE_URL: z.string().optional(),
  })
  .parse(process.env);

interface SessionData {
  messages: number;
}
type PeerContext = Context & SessionFlavor<SessionData>;

const REPLY = "Cảm ơn bạn, chúng tôi đã nhận được tin nhắn.";

const { storage, close } = await openPeerStorage<SessionData>(storageKind, env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.DATA_DIR });
const bot = new Bot<PeerContext>(env.TELEGRAM_BOT_TOKEN, { client: { apiRoot: env.TELEGRAM_API_ROOT } });
bot.use(session({ initial: (): SessionData => ({ messages: 0 }), storage }));
bot.on("message:text", async (ctx) => {
  ctx.session.messages++;
  await ctx.reply(REPLY);
});
bot.on("callback_query:data", async (ctx) => {
  ctx.session.messages++;
  await ctx.answerCallbackQuery();
  await ctx.reply(REPLY);
});
await bot.init();

const app = Fastify({ logger: false });
app.get("/readyz", async () => ({ ready: true }));
app.post("/webhooks/telegram", webhookCallback(bot, "fastify", { secretToken: env.TELEGRAM_WEBHOOK_SECRET }));
await app.listen({ port: env.PORT, host: env.HOST });

process.on(
  "SIGTERM",
  () =>
    void app
      .close()
      .then(close)
      .then(() => process.exit(0)),
);
