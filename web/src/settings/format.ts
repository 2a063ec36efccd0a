/** Formatting for the settings pages: numbers, money, days (the API's days are UTC) and "3 days ago". */

const integer = new Intl.NumberFormat("en-US");
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const relative = new Intl.RelativeTimeFormat("en-US", { numeric: "auto" });
const dayLabel = new Intl.DateTimeFormat("en-US", { weekday: "short", month: "short", day: "numeric", timeZone: "UTC" });
const dayShort = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const dayWithYear = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
const dateTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });

export function formatInteger(n: number): string {
  return integer.format(n);
}

/** 1.2K, 3.4M — for the big numbers on cards (the exact number goes in a title); exact below 10,000. */
export function formatCompact(n: number): string {
  return n < 10_000 ? integer.format(n) : compact.format(n);
}

/** 950, 3.6K, 1.4M — where there is no room for more digits. */
export function formatShort(n: number): string {
  return compact.format(n);
}

/** Dollars: 4 decimals under a dollar (replies cost fractions of a cent), else 2. */
export function formatUsd(n: number): string {
  if (n === 0) return "$0.00";
  const abs = Math.abs(n);
  if (abs < 0.0001) return n < 0 ? "-<$0.0001" : "<$0.0001";
  const digits = abs < 1 ? 4 : 2;
  return new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(n);
}

/** A price per million tokens: "$0.15", "$2.50", "$0.075" (cents, more digits only when they matter). */
export function formatPrice(n: number): string {
  return new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: 2,
    maximumFractionDigits: 4,
  }).format(n);
}

/** "2 hours ago", "yesterday", "last month". */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ["year", 31_536_000],
    ["month", 2_592_000],
    ["week", 604_800],
    ["day", 86_400],
    ["hour", 3_600],
    ["minute", 60],
  ];
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return "just now";
}

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

/** Today as the API counts days (UTC), `YYYY-MM-DD`. */
export function utcToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` plus (or minus) whole days. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** "Tue, Nov 24" for a `YYYY-MM-DD` day. */
export function formatDay(day: string): string {
  return dayLabel.format(new Date(`${day}T00:00:00Z`));
}

/** "Nov 24". */
export function formatDayShort(day: string): string {
  return dayShort.format(new Date(`${day}T00:00:00Z`));
}

/** "Nov 24, 2026". */
export function formatDayWithYear(day: string): string {
  return dayWithYear.format(new Date(`${day}T00:00:00Z`));
}
