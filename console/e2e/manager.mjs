// The sales manager's day in the web console, in headless Chromium (Debian's, driven by
// playwright-core), against a running gateway that serves the built console with the development
// sign-in on: sign in as a demo manager, see the day, find a client, plan a contact (a failed
// request first: the form keeps what was typed and names the field), record a sale of a free stand
// from the sales board, download its invoice (a PDF), and see the sale in "my figures"; in the card
// edit the client's phone (refused while the manager does not curate the client, the typed value
// kept; saved once they do), a changed INN refused under its field, and add a contact person.
//
//   node e2e/manager.mjs --url http://127.0.0.1:8080 --client "Ладья" [--screenshots DIR]
//
// Exit code 0 when the whole path worked; otherwise 1, with a screenshot of the failure.
import { readFileSync } from "node:fs";
import { expect, options, run, signInAs } from "./lib.mjs";

const args = options();

// "Продажи" of the report.
async function reportFigure(page) {
  await page.getByTestId("sales-count").waitFor();
  return Number((await page.getByTestId("sales-count").textContent()).trim());
}

// Makes the demo employee `fullName` curator of `client` in the first project, as an analyst
// through the API (the test's client is created by an admin and nobody curates it; a manager edits
// only the clients they curate).
async function assignCurator(client, fullName) {
  const signIn = await (await fetch(`${args.url}/dev/signin`)).json();
  const employee = signIn.employees.find((e) => e.fullName === fullName);
  const analyst = signIn.employees.find((e) => e.roles.includes("analyst"));
  const { token } = await (
    await fetch(`${args.url}/dev/signin`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ employee: analyst.name }),
    })
  ).json();
  const call = async (method, path, body) => {
    const r = await fetch(`${args.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: body && JSON.stringify(body),
    });
    const text = await r.text();
    expect(r.ok, `${method} ${path}: ${r.status} ${text}`);
    return JSON.parse(text);
  };
  const { projects } = await call("GET", "/v1/projects");
  await call("POST", `/v1/${client}/curators`, { project: projects[0].name, employee: employee.name });
}

const digits = (text) => text.replace(/\D/g, "");

await run(args, async (page, { step, shot }) => {
  step("sign-in: the provider refused (access_denied) is said on the sign-in page");
  await page.goto(args.url);
  await page.getByRole("button", { name: "Войти (демо-сотрудники)" }).click();
  await page.getByRole("heading", { name: "Вход для разработки: демо-сотрудники" }).waitFor();
  await shot("sign-in");
  await page.getByRole("button", { name: "Отказаться" }).click();
  await page.getByRole("alert").filter({ hasText: "Вход отменён" }).waitFor();
  step("an answer with another state is refused");
  await page.goto(`${args.url}/signin/callback?code=forged&state=forged`);
  await page.getByRole("alert").filter({ hasText: "state не совпадает" }).waitFor();
  const managerName = await signInAs(page, args.url, "менеджер по продажам");

  step(`signed in as ${managerName}: the day, the month grid and the overdue tasks`);
  await page.getByTestId("month-grid").waitFor();
  await page.getByRole("heading", { name: "Просроченные" }).waitFor();
  await page.getByText("Загрузка…").waitFor({ state: "detached" });
  await shot("manager-day");

  expect((await page.getByRole("link", { name: "План и факт" }).count()) === 0, "no head's screens for a manager");

  step("my figures before the sale");
  await page.getByRole("link", { name: "Мои показатели" }).click();
  const salesBefore = await reportFigure(page);

  step(`client search: "${args.client}"`);
  await page.getByRole("link", { name: "Клиенты" }).click();
  await page.locator('input[name="query"]').fill(args.client);
  await page.getByRole("button", { name: "Найти" }).click();
  const result = page.getByTestId("client-results").getByRole("link", { name: args.client, exact: true });
  await result.waitFor();
  await result.click();
  await page.getByTestId("client-title").waitFor();
  const clientTitle = (await page.getByTestId("client-title").textContent()).trim();
  step(`client card: ${clientTitle}`);
  await shot("client-card");

  step("edit the phone: refused while the manager does not curate the client (the typed value kept), then saved");
  const clientPath = `clients/${new URL(page.url()).pathname.split("/").pop()}`;
  const newPhone = "+7 846 200-33-44";
  await page.getByRole("button", { name: "Изменить реквизиты" }).click();
  const edit = page.getByTestId("client-edit");
  await edit.locator('input[name="phones[0]"]').fill(newPhone);
  await edit.getByRole("button", { name: "Сохранить реквизиты" }).click();
  await edit.getByRole("alert").filter({ hasText: "Недостаточно прав" }).waitFor();
  expect((await edit.locator('input[name="phones[0]"]').inputValue()) === newPhone, "the phone typed is kept");
  await assignCurator(clientPath, managerName);
  await edit.getByRole("button", { name: "Сохранить реквизиты" }).click();
  await edit.waitFor({ state: "detached" });
  await page.reload();
  await page.getByTestId("client-phones").waitFor();
  expect(digits(await page.getByTestId("client-phones").textContent()).includes(digits(newPhone)), "the phone is saved");

  step("a bad INN is refused under the INN field, the value typed kept");
  await page.getByRole("button", { name: "Изменить реквизиты" }).click();
  await edit.locator('input[name="inn"]').fill("12345");
  await edit.getByRole("button", { name: "Сохранить реквизиты" }).click();
  await edit.locator(".field-error input[name=inn]").waitFor();
  expect((await edit.locator('input[name="inn"]').inputValue()) === "12345", "the INN typed is kept");
  await shot("client-edit-inn");
  await edit.getByRole("button", { name: "Отмена" }).click();

  step("a postal address, a second phone and two e-mails: bad values refused beside their fields, then saved");
  await page.getByRole("button", { name: "Изменить реквизиты" }).click();
  await edit.locator('input[name="postalAddress.postalCode"]').fill("4430");
  await edit.locator('input[name="postalAddress.regionCode"]').fill("63");
  await edit.locator('input[name="postalAddress.city"]').fill("Самара");
  await edit.locator('input[name="postalAddress.streetLine"]').fill("а/я 15");
  await edit.getByTestId("phones-rows").getByRole("button", { name: "Ещё телефон" }).click();
  await edit.locator('input[name="phones[1]"]').fill("12");
  await edit.getByTestId("emails-rows").getByRole("button", { name: "Ещё e-mail" }).click();
  await edit.locator('input[name="emails[0]"]').fill("info@ladya-prom.ru");
  await edit.getByTestId("emails-rows").getByRole("button", { name: "Ещё e-mail" }).click();
  await edit.locator('input[name="emails[1]"]').fill("sales@ladya-prom.ru");
  await edit.getByRole("button", { name: "Сохранить реквизиты" }).click();
  await edit.locator('.field-error input[name="postalAddress.postalCode"]').waitFor();
  await edit.locator('.field-error input[name="phones[1]"]').waitFor();
  const codeError = await edit.locator('.field-error:has(input[name="postalAddress.postalCode"]) .field-message').textContent();
  expect(/[а-яё]/i.test(codeError), `the postal code's error is in Russian (got: ${codeError})`);
  expect((await edit.locator('.field-error input[name="phones[0]"]').count()) === 0, "the good phone is not marked");
  expect((await edit.locator('input[name="emails[1]"]').inputValue()) === "sales@ladya-prom.ru", "the e-mail typed is kept");
  await shot("client-edit-address-error");
  await edit.locator('input[name="postalAddress.postalCode"]').fill("443001");
  await edit.locator('input[name="phones[1]"]').fill("+7 846 200-55-66");
  await edit.getByRole("button", { name: "Сохранить реквизиты" }).click();
  await edit.waitFor({ state: "detached" });
  await page.getByTestId("client-postal-address").filter({ hasText: "443001, Самара, а/я 15 (регион 63)" }).waitFor();
  const phones = digits(await page.getByTestId("client-phones").textContent());
  expect(phones.includes(digits(newPhone)) && phones.includes("78462005566"), `both phones shown (got: ${phones})`);
  const emails = await page.getByTestId("client-emails").textContent();
  expect(emails.includes("info@ladya-prom.ru") && emails.includes("sales@ladya-prom.ru"), `both e-mails shown (got: ${emails})`);

  step("add a contact person with two phones, an e-mail and consent to mailings");
  const person = "Сидорова Анна Павловна";
  await page.getByRole("button", { name: "Добавить контактное лицо" }).click();
  const personForm = page.getByTestId("person-edit");
  await personForm.locator('input[name="fullName"]').fill(person);
  await personForm.locator('input[name="position"]').fill("Главный бухгалтер");
  await personForm.locator('input[name="phones[0]"]').fill("+7 927 300-40-50");
  await personForm.getByRole("button", { name: "Ещё телефон" }).click();
  await personForm.locator('input[name="phones[1]"]').fill("+7 846 200-11-29");
  await personForm.locator('input[name="emails[0]"]').fill("не адрес");
  await personForm.getByLabel("Согласен получать рассылки").check();
  await personForm.getByRole("button", { name: "Добавить" }).click();
  await personForm.locator('.field-error input[name="emails[0]"]').waitFor();
  expect((await personForm.locator('input[name="fullName"]').inputValue()) === person, "the name typed is kept");
  await personForm.locator('input[name="emails[0]"]').fill("sidorova@ladya-prom.ru");
  await personForm.getByRole("button", { name: "Добавить" }).click();
  const personRow = page.getByTestId("persons").locator(`li[data-person="${person}"]`);
  await personRow.waitFor();
  const personPhones = digits(await personRow.getByTestId("person-phones").textContent());
  expect(personPhones.includes("79273004050") && personPhones.includes("78462001129"), `the person's phones (got: ${personPhones})`);
  await personRow.getByTestId("person-emails").filter({ hasText: "sidorova@ladya-prom.ru" }).waitFor();
  await personRow.getByText("согласен получать рассылки").waitFor();
  await shot("client-card-contacts");

  step("plan a contact: a request that fails keeps the form and names the field");
  const form = page.getByTestId("plan-contact");
  await form.locator('select[name="edition"] option').first().waitFor({ state: "attached" });
  const purpose = "Предложить угловой стенд на выставке";
  await form.locator('input[name="purpose"]').fill(purpose);
  const when = await form.locator('input[name="scheduledTime"]').inputValue();
  await form.locator('input[name="scheduledTime"]').fill("");
  await form.getByRole("button", { name: "Запланировать" }).click();
  const fieldError = form.locator(".field-error .field-message");
  await fieldError.first().waitFor();
  const errorText = await fieldError.first().textContent();
  expect(
    (await form.locator(".field-error input[name=scheduledTime]").count()) === 1,
    `the error is on "Когда" (got: ${errorText})`,
  );
  expect((await form.locator('input[name="purpose"]').inputValue()) === purpose, "the purpose is kept");
  await shot("plan-contact-error");
  await form.locator('input[name="scheduledTime"]').fill(when);
  await form.getByRole("button", { name: "Запланировать" }).click();
  const planned = form.getByRole("status").getByRole("link");
  await planned.waitFor();
  expect((await form.locator(".field-error").count()) === 0, "no field errors after planning");
  await page.getByTestId("timeline").getByText(purpose).first().waitFor();

  step("record the result: a sale of a free stand from the sales board");
  await planned.click();
  const resultForm = page.getByTestId("result-form");
  await resultForm.waitFor();
  const stand = resultForm.getByTestId("free-stands").locator("label.stand").first();
  await stand.waitFor();
  const standNumber = (await stand.locator("b").textContent()).trim();
  await stand.locator("input").check();
  await page.getByTestId("price-list").waitFor();
  await shot("record-sale");
  await resultForm.getByRole("button", { name: "Записать результат" }).click();
  await page.getByTestId("sale").waitFor();
  const saleName = new URL(page.url()).pathname.replace(/^\//, "");
  const total = (await page.getByTestId("sale-total").textContent()).trim();
  step(`sale of stand ${standNumber}: ${total}`);

  step("the sale's documents: the invoice, downloaded as a PDF");
  const invoiceButton = page.locator('button[data-document-type="DOCUMENT_TYPE_INVOICE"]').first();
  await invoiceButton.waitFor({ timeout: 90_000 });
  await shot("sale-documents");
  const [download] = await Promise.all([page.waitForEvent("download"), invoiceButton.click()]);
  const file = await download.path();
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 5).toString("latin1") === "%PDF-", "the invoice is a PDF");
  step(`invoice ${download.suggestedFilename()}: ${bytes.length} bytes`);

  step("the contract waits as a draft for review: rendered again, then issued with its number");
  // The invoice comes first; the page refreshes its list until the rest of the package is there.
  const contract = page.locator('tr:has(button[data-document-type="DOCUMENT_TYPE_CONTRACT"])').first();
  await contract.waitFor({ timeout: 90_000 });
  expect((await contract.getAttribute("data-status")) === "DOCUMENT_STATUS_DRAFT", "the contract is a draft");
  expect((await contract.locator("td").nth(1).innerText()).trim() === "", "a draft has no number");
  const contractName = await contract.getAttribute("data-document");
  const draftEtag = await contract.getAttribute("data-etag");
  await contract.getByRole("button", { name: "Обновить проект" }).click();
  // Rendered again: a new version of the same draft, still without a number.
  const rendered = page.locator(`tr[data-document="${contractName}"][data-status="DOCUMENT_STATUS_DRAFT"]:not([data-etag="${draftEtag}"])`);
  await rendered.waitFor();
  await shot("sale-draft-contract");
  await rendered.getByRole("button", { name: "Выпустить" }).click();
  const issued = page.locator(`tr[data-document="${contractName}"][data-status="DOCUMENT_STATUS_ISSUED"]`);
  await issued.waitFor();
  const contractNumber = (await issued.locator("td").nth(1).innerText()).trim();
  expect(contractNumber !== "", "the issued contract has a number");
  expect((await issued.getByRole("button", { name: "Выпустить" }).count()) === 0, "nothing more to issue");
  step(`contract ${contractNumber} issued`);

  step("my figures count the sale");
  await page.getByRole("link", { name: "Мои показатели" }).click();
  const deadline = Date.now() + 90_000;
  let salesAfter = await reportFigure(page);
  while (salesAfter < salesBefore + 1 && Date.now() < deadline) {
    await page.waitForTimeout(1000);
    await page.getByRole("button", { name: "Обновить" }).click();
    await page.waitForTimeout(300);
    salesAfter = await reportFigure(page);
  }
  expect(salesAfter === salesBefore + 1, `sales ${salesBefore} -> ${salesBefore + 1} (got ${salesAfter})`);
  await shot("my-figures");

  step("the sales behind the figure: the new sale among them, one row per sale counted");
  await page.getByTestId("sales-count").click();
  const drill = page.getByTestId("report-drill");
  const drilledSale = drill.locator(`tr[data-sale="${saleName}"]`);
  await drilledSale.waitFor();
  const drilledRows = await drill.locator("tr[data-sale]").count();
  expect(drilledRows === Math.min(salesAfter, 50), `${drilledRows} sales listed for the figure ${salesAfter}`);
  await shot("my-figures-sales");
  await drilledSale.getByRole("link").first().click();
  await page.getByTestId("sale").waitFor();
  expect(new URL(page.url()).pathname === `/${saleName}`, "the listed sale opens its page");

  step("plan a call with a reminder due in a few seconds: it pops up live (WatchReminders)");
  await page.getByRole("link", { name: "Клиенты" }).click();
  await page.locator('input[name="query"]').fill(args.client);
  await page.getByRole("button", { name: "Найти" }).click();
  await page.getByTestId("client-results").getByRole("link", { name: args.client, exact: true }).click();
  await form.locator('select[name="edition"] option').first().waitFor({ state: "attached" });
  const callPurpose = "Перезвонить насчёт счёта";
  await form.locator('input[name="purpose"]').fill(callPurpose);
  await form.locator('select[name="reminder"]').selectOption("at");
  // The browser's zone is Europe/Samara (UTC+4, no daylight saving time).
  const remindAt = new Date(Date.now() + 4 * 3600_000 + 8_000).toISOString().slice(0, 19);
  await form.locator('input[name="remindAt"]').fill(remindAt);
  await form.getByRole("button", { name: "Запланировать" }).click();
  await form.getByRole("status").getByRole("link", { name: callPurpose }).waitFor();
  const toast = page.getByTestId("reminders").locator(".toast").filter({ hasText: callPurpose });
  await toast.waitFor({ timeout: 45_000 });
  expect((await toast.textContent()).includes(clientTitle), "the reminder names the client");
  await shot("manager-reminder");
  await toast.getByRole("link", { name: "Открыть задачу" }).click();
  await page.getByTestId("result-form").waitFor();
  step("the manager's day worked end to end");
});
