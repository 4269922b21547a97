// What the browser tests share: arguments, the browser, screenshots, steps and the sign-in.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

export function options(extra = {}) {
  const { values } = parseArgs({
    options: {
      url: { type: "string" },
      client: { type: "string" },
      screenshots: { type: "string" },
      chromium: { type: "string", default: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" },
      ...extra,
    },
  });
  if (!values.url || !values.client) {
    console.error("usage: <script>.mjs --url URL --client NAME_FRAGMENT [--screenshots DIR]");
    process.exit(2);
  }
  if (values.screenshots) mkdirSync(values.screenshots, { recursive: true });
  return values;
}

// Runs `walk(page, tools)` in a fresh headless browser; exits 0 when it finished, 1 (with a
// screenshot of the failure) when it threw or the page reported an error.
export async function run(args, walk) {
  const started = Date.now();
  const step = (text) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${text}`);
  const browser = await chromium.launch({
    executablePath: args.chromium,
    headless: true,
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--lang=ru-RU"],
  });
  const context = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: "ru-RU",
    timezoneId: "Europe/Samara",
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  // Each page shot is first read for what a person should never see (expectRussian).
  const shot = async (name) => {
    await expectRussian(page, name);
    if (args.screenshots) await page.screenshot({ path: join(args.screenshots, `${name}.png`), fullPage: true });
  };
  try {
    await walk(page, { step, shot });
    expect(pageErrors.length === 0, `no errors in the page (got: ${pageErrors.join("; ")})`);
    await browser.close();
    process.exit(0);
  } catch (e) {
    console.error(`FAILED: ${e.stack ?? e}`);
    console.error(`page: ${page.url()}`);
    if (pageErrors.length) console.error(`page errors: ${pageErrors.join("; ")}`);
    try {
      await page.screenshot({ path: join(args.screenshots ?? ".", "failure.png"), fullPage: true });
    } catch {
      // The browser itself may be gone.
    }
    await browser.close();
    process.exit(1);
  }
}

export function expect(condition, what) {
  if (!condition) throw new Error(`expected: ${what}`);
}

// Raw values of the services where the console should show Russian words: enum values
// ("CONTACT_TYPE_CALL", "STAND_TYPE_CORNER"), roles and result kinds by their English names.
const rawEnum = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g;
const englishNames =
  /(?<![\w@.\/-])(sale|refusal|reschedule|note|visit_refusal|visitRefusal|invitation|manual_sent|manualSent|sales_manager|sales_head|analyst|accountant|admin)(?![\w@.\/-])/g;

// Fails when the page's visible text shows a raw enum value or an English role or result name.
export async function expectRussian(page, where) {
  const text = await page.locator("body").innerText();
  const found = [...(text.match(rawEnum) ?? []), ...(text.match(englishNames) ?? [])];
  expect(found.length === 0, `${where}: only Russian names on the page (found: ${[...new Set(found)].join(", ")})`);
}

// Signs in as the code flow does with the company's provider: the console's page `path` (signed
// out), "Войти" there, the gateway's development OpenID Connect provider (/dev/oidc/authorize)
// listing the demo employees, the first whose roles are exactly `role` (its Russian label) picked,
// the redirect back to the console's callback, the code exchanged, and the console at `path`
// again. Returns the employee's full name.
export async function signInAs(page, url, role, path = "/") {
  await page.goto(url + path);
  await page.getByRole("button", { name: "Войти (демо-сотрудники)" }).click();
  await page.getByRole("heading", { name: "Вход для разработки: демо-сотрудники" }).waitFor();
  const authorize = new URL(page.url());
  expect(authorize.pathname === "/dev/oidc/authorize", `the provider's page (got ${page.url()})`);
  expect(authorize.searchParams.get("code_challenge_method") === "S256", "a PKCE S256 challenge");
  const row = page
    .locator("tr")
    .filter({ has: page.locator("td", { hasText: new RegExp(`^${role}$`) }) })
    .first();
  const name = (await row.locator("td").first().textContent()).trim();
  await row.getByRole("button", { name: "Войти" }).click();
  await page.getByTestId("who").filter({ hasText: name }).waitFor();
  const back = new URL(page.url());
  expect(!back.searchParams.has("code"), `the code is gone from the address (${page.url()})`);
  if (path !== "/") expect(back.pathname + back.search === path, `back at ${path} (got ${page.url()})`);
  return name;
}
