export { createTelegramChannel, type TelegramChannel } from "./telegram-channel.js";
