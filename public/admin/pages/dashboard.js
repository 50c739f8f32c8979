import { h, mount, t } from "../dom.js";

export async function render(container) {
  mount(container, h("h1", {}, t("nav.dashboard")));
}
