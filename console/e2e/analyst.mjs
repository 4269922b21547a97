// The analyst in the web console, in headless Chromium: the manager's new record of an existing
// company waits in the verification queue with the client it duplicates; the analyst merges it
// into that client, undoes the merge, and confirms the record; then imports three clients from a
// CSV file (a dry run, then the run, its progress streamed as Server-Sent Events) and finds one.
//
//   node e2e/analyst.mjs --url URL --client "Ладья-Пром" --duplicate "Ладья Пром"
//
// Exit code 0 when the whole path worked; otherwise 1, with a screenshot of the failure.
import { readFileSync } from "node:fs";
import { expect, options, run, signInAs } from "./lib.mjs";

// A valid INN of a legal entity (10 digits, the last a checksum) from 9 digits.
function inn(nine) {
  const weights = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  const digits = Array.from(nine, Number);
  const sum = digits.reduce((acc, d, i) => acc + d * weights[i], 0);
  return nine + String((sum % 11) % 10);
}

const args = options({ duplicate: { type: "string" } });

await run(args, async (page, { step, shot }) => {
  const analyst = await signInAs(page, args.url, "аналитик");
  step(`signed in as ${analyst}: the verification queue`);
  const who = await page.getByTestId("who").textContent();
  expect(who.includes("аналитик"), `the role in Russian beside the name (got: ${who})`);
  await page.getByRole("link", { name: "Качество данных" }).click();
  const queued = page.getByTestId("verification-queue").locator(`tr[data-client="${args.duplicate}"]`);
  await queued.first().waitFor();
  expect((await queued.first().textContent()).includes(args.client), "the queue names the client it duplicates");
  await shot("analyst-queue");

  step("find the duplicates and merge the new record into the client");
  await page.getByRole("button", { name: "Найти дубликаты" }).click();
  const cluster = page
    .getByTestId("duplicate-cluster")
    .filter({ has: page.locator(`tr[data-member="${args.client}"]`) })
    .filter({ has: page.locator(`tr[data-member="${args.duplicate}"]`) })
    .first();
  await cluster.waitFor();
  await cluster.getByLabel(`Оставить ${args.client}`).check();
  await cluster.getByLabel(`Объединить ${args.duplicate}`).check();
  await shot("analyst-duplicates");
  await cluster.getByRole("button", { name: "Объединить" }).click();
  const merged = page.getByTestId("merge-result");
  await merged.filter({ hasText: "Объединено записей: 1" }).waitFor();

  step("merged; undo the merge");
  await page.getByRole("button", { name: "Отменить объединение" }).click();
  await merged.filter({ hasText: "Объединение отменено" }).waitFor();
  await shot("analyst-merge-undone");

  step("the record is back: search finds both");
  await page.getByRole("link", { name: "Клиенты" }).click();
  await page.locator('input[name="query"]').fill("Ладья");
  await page.getByRole("button", { name: "Найти" }).click();
  const results = page.getByTestId("client-results");
  await results.getByRole("link", { name: args.duplicate, exact: true }).waitFor();
  await results.getByRole("link", { name: args.client, exact: true }).waitFor();

  step("confirm the record from the queue");
  await page.getByRole("link", { name: "Качество данных" }).click();
  const row = page.getByTestId("verification-queue").locator(`tr[data-client="${args.duplicate}"]`).first();
  await row.waitFor();
  await row.getByRole("button", { name: "Подтвердить" }).click();
  await row.waitFor({ state: "detached" });
  step("import clients from a CSV file: a dry run, then the run with its progress; a bad row said in Russian");
  const stamp = String(Date.now() % 1_000_000).padStart(6, "0");
  const rows = [
    ["Волжский Кирпич", "ООО «Волжский Кирпич»", inn(`631${stamp}`), "631601001"],
    ["Самарский Бетон", "ООО «Самарский Бетон»", inn(`632${stamp}`), "631601001"],
    ["Тольятти Металл", "ООО «Тольятти Металл»", inn(`633${stamp}`), "632401001"],
  ];
  // A row whose INN has a wrong check digit: refused, and said so in Russian.
  const good = inn(`634${stamp}`);
  const typo = good.slice(0, 9) + String((Number(good[9]) + 1) % 10);
  const csvRows = [...rows, ["Сызрань Стекло", "ООО «Сызрань Стекло»", typo, "632501001"]];
  const csv = ["Краткое наименование;Полное наименование;ИНН;КПП", ...csvRows.map((r) => r.join(";"))].join("\r\n");
  await page.getByRole("link", { name: "Импорт" }).click();
  await page.locator('input[name="file"]').setInputFiles({
    name: "clients.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(csv, "utf8"),
  });
  await page.getByRole("button", { name: "Загрузить файл" }).click();
  await page.getByTestId("import").getByText("clients.csv: строк 4").waitFor();
  const mapping = await page.getByTestId("import").locator("table").first().innerText();
  expect(
    mapping.includes("краткое название") && mapping.includes("полное наименование") && !mapping.includes("display_name"),
    `the columns' client fields in Russian (got: ${mapping})`,
  );
  await page.getByRole("button", { name: "Пробный прогон" }).click();
  const progress = page.getByTestId("import-progress");
  await page.locator('[data-testid="import-progress"][data-state="STATE_DRY_RUN_DONE"]').waitFor();
  await page.getByRole("button", { name: "Импортировать" }).click();
  await page.locator('[data-testid="import-progress"][data-state="STATE_COMPLETED"]').waitFor();
  const summary = await progress.textContent();
  expect(
    summary.includes("Обработано 4 из 4") && summary.includes("создано 3") && summary.includes("ошибок 1"),
    `3 created, 1 refused (got: ${summary})`,
  );
  const refused = page.getByTestId("import-errors").locator("tbody tr");
  await refused.first().waitFor();
  const problem = await refused.first().innerText();
  expect(
    problem.includes("Сызрань Стекло") && problem.includes("ИНН: Неверный ИНН: не сходится контрольное число"),
    `the refused row's problem in Russian (got: ${problem})`,
  );
  expect(!/[A-Za-z]{4,}/.test(problem), `no English in the row's problem (got: ${problem})`);
  await shot("analyst-import");
  await page.getByRole("link", { name: "Клиенты" }).click();
  await page.locator('input[name="inn"]').fill(rows[1][2]);
  await page.getByRole("button", { name: "Найти" }).click();
  await page.getByTestId("client-results").getByRole("link", { name: "Самарский Бетон", exact: true }).waitFor();

  step("market analysis: the base by district, industry, region and size, retention and growth");
  expect((await page.getByRole("link", { name: "Отдел" }).count()) === 0, "no head's screens for an analyst");
  await page.getByRole("link", { name: "Анализ рынка" }).click();
  const clients = Number((await page.getByTestId("market-clients").textContent()).trim());
  expect(clients >= 20, `the base counts the demo's clients and the imported ones (got ${clients})`);
  await page.getByTestId("by-district").locator("tbody tr").first().waitFor();
  await page.getByTestId("growth").locator("tbody tr").first().waitFor();
  const bars = await page.getByTestId("growth-chart").locator("rect").count();
  expect(bars >= 2, `the growth chart draws its bars (got ${bars})`);
  await shot("analyst-market");

  step("the clients behind a district's figure, one row per client counted");
  const district = page.getByTestId("by-district").locator("tbody tr").first();
  const districtCount = district.getByRole("button").first();
  const districtClients = Number((await districtCount.textContent()).trim());
  await districtCount.click();
  const drill = page.getByTestId("clients-drill");
  await drill.locator("tr[data-client]").first().waitFor();
  const listed = await drill.locator("tr[data-client]").count();
  expect(listed === Math.min(districtClients, 50), `${listed} clients listed for the figure ${districtClients}`);
  await shot("analyst-market-clients");
  await drill.getByRole("button", { name: "Закрыть" }).click();
  await drill.waitFor({ state: "detached" });

  step("a group of clients: created (a name is required first), the client added from a search");
  const groupName = `Самара, строители ${stamp}`;
  await page.getByRole("link", { name: "Группы и рассылки" }).click();
  const create = page.getByTestId("create-group");
  await create.locator('input[name="description"]').fill("Для приглашений на Волга-Строй");
  await create.getByRole("button", { name: "Создать группу" }).click();
  await create.locator(".field-error input[name=displayName]").waitFor();
  expect(
    (await create.locator('input[name="description"]').inputValue()) === "Для приглашений на Волга-Строй",
    "the description typed is kept",
  );
  await create.locator('input[name="displayName"]').fill(groupName);
  await create.getByRole("button", { name: "Создать группу" }).click();
  const members = page.getByTestId("group-members");
  await members.getByRole("heading", { name: new RegExp(groupName) }).waitFor();
  await members.locator('input[name="memberQuery"]').fill(args.client);
  await members.getByRole("button", { name: "Найти" }).click();
  await members.locator(`li[data-found="${args.client}"]`).getByRole("button", { name: "Добавить" }).click();
  await members.locator(`tr[data-member="${args.client}"]`).waitFor();
  await page.getByTestId("groups").locator(`tr[data-group="${groupName}"]`).getByTestId("member-count").filter({ hasText: "1" }).waitFor();

  step("every client matching a condition added at once: an empty condition refused, then by name");
  const byFilter = members.getByTestId("add-by-filter");
  await byFilter.getByRole("button", { name: "Добавить всех" }).click();
  await byFilter.getByRole("alert").first().waitFor();
  await byFilter.locator('input[name="filterQuery"]').fill("Ладья");
  await byFilter.getByRole("button", { name: "Добавить всех" }).click();
  const added = await byFilter.getByTestId("added-by-filter").textContent();
  const addedCount = Number(added.match(/Добавлено клиентов: (\d+)/)?.[1] ?? "0");
  const alreadyCount = Number(added.match(/уже были в группе: (\d+)/)?.[1] ?? "0");
  expect(addedCount >= 1 && alreadyCount >= 1, `the duplicate added, the client already there (got: ${added})`);
  await members.locator(`tr[data-member="${args.duplicate}"]`).waitFor();
  await page
    .getByTestId("groups")
    .locator(`tr[data-group="${groupName}"]`)
    .getByTestId("member-count")
    .filter({ hasText: String(1 + addedCount) })
    .waitFor();
  await shot("analyst-group-by-filter");
  await members.locator(`tr[data-member="${args.client}"]`).getByRole("link").click();
  await page.getByTestId("client-groups").filter({ hasText: groupName }).waitFor();

  step("the card's legal form, industry and OKVED codes: a bad code refused beside its row, then saved");
  await page.getByTestId("client-legal-form").filter({ hasText: "ООО" }).waitFor();
  await page.getByRole("button", { name: "Изменить реквизиты" }).click();
  const edit = page.getByTestId("client-edit");
  expect((await edit.locator('select[name="legalForm"]').inputValue()) === "LEGAL_FORM_OOO", "the form starts from ООО");
  await edit.locator('select[name="industryCode"]').selectOption({ label: "Строительство и строительные материалы" });
  await edit.getByTestId("okvedCodes-rows").getByRole("button", { name: "Ещё код" }).click();
  await edit.locator('input[name="okvedCodes[0]"]').fill("41.20");
  await edit.getByTestId("okvedCodes-rows").getByRole("button", { name: "Ещё код" }).click();
  await edit.locator('input[name="okvedCodes[1]"]').fill("4x.1");
  await edit.getByRole("button", { name: "Сохранить реквизиты" }).click();
  await edit.locator('.field-error input[name="okvedCodes[1]"]').waitFor();
  const okvedError = await edit.locator('.field-error:has(input[name="okvedCodes[1]"]) .field-message').textContent();
  expect(okvedError.includes("Код ОКВЭД 2 пишется так"), `the OKVED code's error in Russian (got: ${okvedError})`);
  expect((await edit.locator('.field-error input[name="okvedCodes[0]"]').count()) === 0, "the good code is not marked");
  expect(
    (await edit.locator('select[name="industryCode"]').inputValue()) === "construction",
    "the industry picked is kept",
  );
  await shot("client-edit-okved-error");
  await edit.locator('input[name="okvedCodes[1]"]').fill("43.31");
  await edit.getByRole("button", { name: "Сохранить реквизиты" }).click();
  await edit.waitFor({ state: "detached" });
  await page.getByTestId("client-industry").filter({ hasText: "Строительство и строительные материалы" }).waitFor();
  const okved = await page.getByTestId("client-okved").innerText();
  expect(/41\.20 — основной\s+43\.31/.test(okved), `the OKVED codes, the main one first (got: ${okved})`);

  step("the client's bank account: a wrong БИК refused beside its part, then saved and shown on the card");
  await page.getByRole("button", { name: "Изменить реквизиты" }).click();
  const banking = page.getByTestId("client-edit");
  await banking.getByTestId("bankAccounts-rows").getByRole("button", { name: "Ещё счёт" }).click();
  await banking.locator('input[name="bankAccounts[0].bik"]').fill("04452522");
  await banking.locator('input[name="bankAccounts[0].account"]').fill("40702810938000012345");
  await banking.locator('input[name="bankAccounts[0].bankName"]').fill("ПАО Сбербанк");
  await banking.getByRole("button", { name: "Сохранить реквизиты" }).click();
  await banking.locator('.field-error input[name="bankAccounts[0].bik"]').waitFor();
  expect(
    (await banking.locator('input[name="bankAccounts[0].account"]').inputValue()) === "40702810938000012345",
    "the account typed stays in the form",
  );
  await shot("client-edit-bank-account-error");
  await banking.locator('input[name="bankAccounts[0].bik"]').fill("044525225");
  await banking.locator('input[name="bankAccounts[0].correspondentAccount"]').fill("30101810400000000225");
  await banking.getByRole("button", { name: "Сохранить реквизиты" }).click();
  await banking.waitFor({ state: "detached" });
  await page.getByTestId("client-bank-accounts").filter({ hasText: "40702810938000012345" }).waitFor();
  const accounts = await page.getByTestId("client-bank-accounts").innerText();
  expect(
    /р\/с 40702810938000012345 в ПАО Сбербанк, БИК 044525225, к\/с 30101810400000000225 — основной/.test(accounts),
    `the bank account on the card (got: ${accounts})`,
  );

  step("mail to the postal address came back: marked, the card says the address needs checking");
  await page.getByRole("button", { name: "Почта вернулась" }).click();
  const returned = page.getByTestId("returned-mail");
  await returned.locator('input[name="problem"]').fill("адресат выбыл");
  await returned.getByRole("button", { name: "Отметить адрес для проверки" }).click();
  await page.getByTestId("client-postal-address").filter({ hasText: "почта вернулась, адрес нужно проверить" }).waitFor();
  expect((await page.getByRole("button", { name: "Почта вернулась" }).count()) === 0, "no second mark of the same address");
  await shot("client-card-okved-returned-mail");
  await page.goBack();
  await page.getByTestId("create-selection").waitFor();

  step("a mailing selection of the group, its export and the address labels as a PDF");
  const selection = page.getByTestId("create-selection");
  await selection.locator('input[name="selectionName"]').fill(`Приглашения: ${groupName}`);
  await selection.locator('select[name="selectionGroup"]').selectOption({ label: groupName });
  await selection.getByRole("button", { name: "Сохранить выборку" }).click();
  await selection.getByRole("status").waitFor();
  expect((await selection.locator('input[name="selectionName"]').inputValue()) === "", "the form is empty for the next selection");
  step("the selection edited: renamed, described, only subscribed recipients");
  const selections = page.getByTestId("mailing-selections");
  const saved = selections.locator(`tr[data-selection="Приглашения: ${groupName}"]`);
  await saved.getByRole("button", { name: "Изменить" }).click();
  const editSelection = saved.getByTestId("edit-selection");
  await editSelection.locator('input[name="selectionName"]').fill("");
  await editSelection.getByRole("button", { name: "Сохранить" }).click();
  await editSelection.locator(".field-error input[name=selectionName]").waitFor();
  await editSelection.locator('input[name="selectionName"]').fill(`Приглашения 2027: ${groupName}`);
  await editSelection.locator('input[name="selectionDescription"]').fill("Письма-приглашения на Волга-Строй");
  await editSelection.getByLabel("Только контактные лица, согласные на рассылку").check();
  await editSelection.getByRole("button", { name: "Сохранить" }).click();
  const selectionRow = selections.locator(`tr[data-selection="Приглашения 2027: ${groupName}"]`);
  await selectionRow.getByText("Письма-приглашения на Волга-Строй").waitFor();
  const conditions = await selectionRow.getByTestId("selection-summary").textContent();
  expect(
    conditions.includes(`группа «${groupName}»`) && conditions.includes("только подписанные"),
    `the summary shows the group and the new condition (got: ${conditions})`,
  );
  await saved.waitFor({ state: "detached" });
  await selectionRow.getByRole("button", { name: "Изменить" }).click();
  await selectionRow.getByTestId("edit-selection").getByLabel("Только контактные лица, согласные на рассылку").uncheck();
  await selectionRow.getByTestId("edit-selection").getByRole("button", { name: "Сохранить" }).click();
  await selectionRow.getByTestId("selection-summary").filter({ hasNotText: "только подписанные" }).waitFor();
  await selectionRow.getByRole("button", { name: "Сформировать выгрузку" }).click();
  const made = selectionRow.getByTestId("mailing-export");
  await made.waitFor();
  const recipients = Number((await made.textContent()).match(/Получателей: (\d+)/)?.[1] ?? "0");
  expect(recipients >= 1, `the export has the client (got ${recipients})`);
  const [labels] = await Promise.all([page.waitForEvent("download"), made.getByRole("button", { name: "Наклейки (PDF)" }).click()]);
  const pdf = readFileSync(await labels.path());
  expect(pdf.subarray(0, 5).toString("latin1") === "%PDF-", "the labels are a PDF");
  await shot("analyst-groups");

  step("the selection deleted after the question (declined first, then accepted)");
  const question = new Promise((resolve) =>
    page.once("dialog", async (d) => {
      await d.dismiss();
      resolve(d.message());
    }),
  );
  await selectionRow.getByRole("button", { name: "Удалить" }).click();
  const asked = await question;
  expect(asked.includes(`Приглашения 2027: ${groupName}`), `the question names the selection (got: ${asked})`);
  await selectionRow.waitFor();
  page.once("dialog", (d) => d.accept());
  await selectionRow.getByRole("button", { name: "Удалить" }).click();
  await selectionRow.waitFor({ state: "detached" });
  step("members removed by a condition: an empty one refused, then every member by name");
  await page.getByTestId("groups").locator(`tr[data-group="${groupName}"]`).getByRole("button", { name: groupName }).click();
  await members.getByRole("heading", { name: new RegExp(groupName) }).waitFor();
  const removeByFilter = members.getByTestId("remove-by-filter");
  await removeByFilter.getByRole("button", { name: "Убрать всех" }).click();
  await removeByFilter.getByRole("alert").first().waitFor();
  await removeByFilter.locator('input[name="filterQuery"]').fill("Ладья");
  await removeByFilter.getByRole("button", { name: "Убрать всех" }).click();
  const removed = await removeByFilter.getByTestId("removed-by-filter").textContent();
  const removedCount = Number(removed.match(/Убрано клиентов: (\d+)/)?.[1] ?? "0");
  expect(removedCount === 1 + addedCount && removed.includes("осталось в группе: 0"), `every member removed (got: ${removed})`);
  await members.locator(`tr[data-member="${args.client}"]`).waitFor({ state: "detached" });
  await page.getByTestId("groups").locator(`tr[data-group="${groupName}"]`).getByTestId("member-count").filter({ hasText: /^\s*0\s*$/ }).waitFor();
  step(`labels ${labels.suggestedFilename()}: ${pdf.length} bytes; the analyst's path worked end to end`);
});
