export { createTelegramChannel, type TelegramChannel } from "./telegram-channel.js";
export { createTelegramPushSender, createTelegramSender } from "./push-sender.js";
