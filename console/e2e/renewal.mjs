// The console renews its session with the refresh token before the access token expires, without
// reloading the page: against a gateway whose development provider issues access tokens for a few
// seconds (CRM_GATEWAY_DEV_SIGNIN_TOKEN_TTL_S), a demo manager signs in, a marker is left in the
// page, and after the first token's expiry the stored token and refresh token are new ones, the
// next search is sent with the new token and answered, and the marker is still there.
//
//   node e2e/renewal.mjs --url URL --client "Ладья-Пром"
//
// Exit code 0 when the renewal worked; otherwise 1, with a screenshot of the failure.
import { expect, options, run, signInAs } from "./lib.mjs";

const args = options();

// The `exp` claim of a JWT, in ms since the epoch.
function expiresAt(token) {
  const payload = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));
  return payload.exp * 1000;
}

const stored = (page) =>
  page.evaluate(() => ({
    token: localStorage.getItem("expo-crm.session"),
    renewal: JSON.parse(localStorage.getItem("expo-crm.renewal") ?? "null"),
  }));

await run(args, async (page, { step }) => {
  const manager = await signInAs(page, args.url, "менеджер по продажам");
  const marker = `renewal-${Date.now()}`;
  await page.evaluate((m) => {
    window.__expoCrmMarker = m;
  }, marker);
  const first = await stored(page);
  expect(first.token && first.renewal?.refreshToken, "a token and a refresh token after the sign-in");
  const firstExpiry = expiresAt(first.token);
  step(`${manager} signed in; the token expires in ${((firstExpiry - Date.now()) / 1000).toFixed(1)} s`);
  expect(firstExpiry - Date.now() < 30_000, "the test gateway issues short-lived tokens");

  // Renewed before the expiry, the page not reloaded.
  await page.waitForFunction(
    (token) => localStorage.getItem("expo-crm.session") !== token,
    first.token,
    { timeout: 30_000, polling: 200 },
  );
  const renewedAt = Date.now();
  expect(renewedAt < firstExpiry, `renewed before the first token expired (${renewedAt - firstExpiry} ms late)`);
  const second = await stored(page);
  expect(expiresAt(second.token) > firstExpiry, "the new token lives longer than the first");
  expect(
    second.renewal?.refreshToken && second.renewal.refreshToken !== first.renewal.refreshToken,
    "the refresh token was rotated",
  );
  step(`renewed ${((firstExpiry - renewedAt) / 1000).toFixed(1)} s before the expiry`);

  // Past the first token's expiry: a search goes out with the current (renewed) token.
  await page.waitForTimeout(Math.max(0, firstExpiry - Date.now() + 500));
  await page.getByRole("link", { name: "Клиенты" }).click();
  await page.locator('input[name="query"]').fill(args.client);
  const answered = page.waitForResponse((r) => r.url().includes("/v1/clients:search"));
  await page.getByRole("button", { name: "Найти" }).click();
  const response = await answered;
  const sent = (await response.request().allHeaders())["authorization"] ?? "";
  expect(response.status() === 200, `the search answered 200 (got ${response.status()})`);
  expect(sent.startsWith("Bearer ") && sent !== `Bearer ${first.token}`, "the search carried a renewed token");
  await page.getByTestId("client-results").getByRole("link", { name: args.client, exact: true }).waitFor();
  await page.getByTestId("who").filter({ hasText: manager }).waitFor();
  expect(
    (await page.evaluate(() => window.__expoCrmMarker)) === marker,
    "the page was not reloaded (the marker left in it is still there)",
  );
  step("the search after the expiry went out with the renewed token; the page was not reloaded");
});
