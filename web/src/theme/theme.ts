import type { Preferences } from "../api/types";

type Theme = Preferences["theme"];

const KEY = "t3chat.theme";
const media = window.matchMedia("(prefers-color-scheme: dark)");

/** Puts the `dark` class on <html> for the chosen theme ("system" follows the OS, also when it changes). */
export function applyTheme(theme: Theme) {
  localStorage.setItem(KEY, theme);
  const dark = theme === "dark" || (theme === "system" && media.matches);
  document.documentElement.classList.toggle("dark", dark);
}

/** The theme last used on this device, applied before the first paint (no flash of the wrong theme). */
export function applyRememberedTheme() {
  const remembered = localStorage.getItem(KEY);
  applyTheme(remembered === "light" || remembered === "dark" ? remembered : "system");
  media.addEventListener("change", () => {
    if ((localStorage.getItem(KEY) ?? "system") === "system") applyTheme("system");
  });
}
