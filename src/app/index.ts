/** The composition root: what main.ts and the command-line tools start. */
export { createApplication, type Application } from "./application.js";
export type { PlatformChannel } from "./channels.js";
