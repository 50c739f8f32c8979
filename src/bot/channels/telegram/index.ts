export { createTelegramChannel, type TelegramChannel } from "./telegram-channel.js";
export { createTelegramPushSender } from "./push-sender.js";
