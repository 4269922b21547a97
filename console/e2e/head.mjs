// The head of sales in the web console, in headless Chromium, after manager.mjs: a demo manager
// sells the client a stand 20 % below the price list (more than the sales policy allows, so the
// sale waits for approval); the head of sales signs in, sees the department's figures per
// manager, approves the discount, reads a manager's calendar and the department's overdue tasks,
// and hands one manager's planned tasks to another.
//
//   node e2e/head.mjs --url URL --client "Ладья-Пром"
//
// Exit code 0 when the whole path worked; otherwise 1, with a screenshot of the failure.
import { expect, options, run, signInAs } from "./lib.mjs";

const args = options();

await run(args, async (page, { step, shot }) => {
  const manager = await signInAs(page, args.url, "менеджер по продажам");
  step(`${manager} plans a meeting with ${args.client} and sells a stand 20 % below the list`);
  await page.getByRole("link", { name: "Клиенты" }).click();
  await page.locator('input[name="query"]').fill(args.client);
  await page.getByRole("button", { name: "Найти" }).click();
  await page.getByTestId("client-results").getByRole("link", { name: args.client, exact: true }).click();
  const plan = page.getByTestId("plan-contact");
  await plan.locator('select[name="edition"] option').first().waitFor({ state: "attached" });
  await plan.locator('select[name="type"]').selectOption("CONTACT_TYPE_MEETING");
  await plan.locator('input[name="purpose"]').fill("Обсудить скидку за большой стенд");
  await plan.getByRole("button", { name: "Запланировать" }).click();
  await plan.getByRole("status").getByRole("link").click();
  const result = page.getByTestId("result-form");
  const stand = result.getByTestId("free-stands").locator("label.stand").first();
  await stand.waitFor();
  const standNumber = (await stand.locator("b").textContent()).trim();
  await stand.locator("input").check();
  await result.locator('input[name="discountPercent"]').fill("20");
  await result.locator('input[name="discountReason"]').fill("Постоянный участник, третий год подряд");
  await result.getByRole("button", { name: "Записать результат" }).click();
  await page.getByTestId("sale").filter({ hasText: "ждёт согласования скидки" }).waitFor();
  step(`stand ${standNumber}: the sale waits for the head of sales; a follow-up call is planned`);
  await page.getByTestId("sale").getByRole("link").first().click();
  await plan.locator('select[name="edition"] option').first().waitFor({ state: "attached" });
  await plan.locator('input[name="purpose"]').fill("Сообщить решение по скидке");
  await plan.getByRole("button", { name: "Запланировать" }).click();
  await plan.getByRole("status").waitFor();
  await page.getByRole("button", { name: "Выйти" }).click();

  const head = await signInAs(page, args.url, "руководитель отдела продаж");
  step(`signed in as ${head}: the department`);
  await page.getByRole("link", { name: "Отдел" }).click();
  const managerRow = page.getByTestId("department-report").locator(`tr[data-manager="${manager}"]`);
  await managerRow.waitFor();
  const pending = page.getByTestId("approvals").locator(`tr[data-stand="${standNumber}"]`);
  await pending.waitFor();
  expect((await pending.textContent()).includes("20"), "the approval shows the 20 % discount");
  await page.getByTestId("department-overdue").waitFor({ state: "attached" });
  await shot("head-department");

  step("approve the discount");
  await pending.getByRole("button", { name: "Согласовать" }).click();
  await pending.waitFor({ state: "detached" });

  step("the department report counts the manager's sales");
  const deadline = Date.now() + 60_000;
  let sales = Number((await managerRow.getByTestId("manager-sales").textContent()).trim());
  while (sales < 2 && Date.now() < deadline) {
    await page.waitForTimeout(1000);
    await page.getByRole("button", { name: "Обновить" }).click();
    await page.waitForTimeout(300);
    sales = Number((await managerRow.getByTestId("manager-sales").textContent()).trim());
  }
  expect(sales >= 2, `${manager} has both sales in the report (got ${sales})`);

  step("the manager's sales behind the figure");
  await managerRow.getByTestId("manager-sales").getByRole("button").click();
  const drill = page.getByTestId("report-drill");
  await drill.locator("tr[data-sale]").first().waitFor();
  const listed = await drill.locator("tr[data-sale]").count();
  expect(listed === Math.min(sales, 50), `${listed} sales listed for the figure ${sales}`);
  await shot("head-manager-sales");
  await drill.getByRole("button", { name: "Закрыть" }).click();
  await drill.waitFor({ state: "detached" });

  step(`the department's calendar: ${manager}'s`);
  await page.getByRole("link", { name: "Мой день" }).click();
  const owners = page.locator('select[name="owner"]');
  await owners.locator("option", { hasText: manager }).waitFor({ state: "attached" });
  await owners.selectOption({ label: manager });
  await page.getByTestId("month-grid").waitFor();
  await page.getByText("Загрузка…").waitFor({ state: "detached" });
  await shot("head-calendar");

  step(`hand ${manager}'s planned tasks to a colleague`);
  await page.getByRole("link", { name: "Отдел" }).click();
  const reassign = page.getByTestId("reassign");
  await reassign.locator('select[name="fromOwner"]').selectOption({ label: manager });
  await reassign.locator('input[type="checkbox"]').first().check();
  await reassign.getByRole("button", { name: "Передать" }).click();
  const done = reassign.getByRole("status");
  await done.waitFor();
  const moved = Number((await done.textContent()).replace(/\D/g, ""));
  expect(moved >= 1, `at least the planned meeting moved (got ${moved})`);
  step(`${moved} tasks handed over`);

  step("plan vs fact: the departments' month beside the previous one, the plan by month with charts");
  await page.getByRole("link", { name: "План и факт" }).click();
  const departments = page.getByTestId("department-sales").locator("tbody tr");
  await departments.first().waitFor();
  const current = Number((await departments.first().getByTestId("sales-current").textContent()).trim());
  expect(current >= 2, `the department's sales this month count the manager's two (got ${current})`);
  await page.getByTestId("department-sales-chart").locator("rect").first().waitFor({ state: "attached" });
  const table = page.getByTestId("plan-vs-fact");
  await table.locator("tbody tr").first().waitFor();
  expect((await table.locator("tbody tr").count()) >= 4, "the demo plan's four months are shown");
  for (const chart of ["chart-area", "chart-money"]) {
    const bars = await page.getByTestId(chart).locator('rect[data-series="План"]').count();
    expect(bars >= 4, `${chart} draws a plan bar per month (got ${bars})`);
  }
  const attainment = (await page.getByTestId("total-attainment").textContent()).trim();
  expect(/%$/.test(attainment), `the department's attainment is shown (got "${attainment}")`);

  step("the edition of the manager's sales has no plan yet: plan this month for the department");
  await page.locator('select[name="edition"]').selectOption({ index: 0 });
  const editor = page.getByTestId("plan-editor");
  await editor.getByText("Версия плана: 0.").waitFor();
  await editor.getByRole("button", { name: "Добавить месяц" }).click();
  const last = (await editor.locator("tbody tr").count()) - 1;
  const month = await editor.locator(`input[name="month-${last}"]`).inputValue();
  step(`a negative area for ${month} is refused under its cell, the typing kept`);
  await editor.locator(`input[name="area-${last}"]`).fill("-5");
  await editor.locator(`input[name="amount-${last}"]`).fill("450000");
  await editor.getByRole("button", { name: "Сохранить план" }).click();
  const cellError = editor.locator(`tr[data-row="${last}"] .field-error`).first();
  await cellError.waitFor();
  expect((await cellError.textContent()).length > 6, "the service's reason is shown under the cell");
  expect((await editor.locator(`input[name="amount-${last}"]`).inputValue()) === "450000", "the amount typed is kept");
  await shot("head-plan-error");
  await editor.locator(`input[name="area-${last}"]`).fill("50");
  await editor.getByRole("button", { name: "Сохранить план" }).click();
  await editor.getByRole("status").waitFor();
  const planned = table.locator(`tr[data-month="${month}"]`);
  await planned.filter({ hasText: "450" }).waitFor();
  const facts = await page.getByTestId("chart-money").locator('rect[data-series="Факт"]').evaluateAll((rects) =>
    rects.map((r) => Number(r.getAttribute("data-value"))),
  );
  expect(facts.some((v) => v > 0), `the manager's sales are the fact beside the plan (got ${facts})`);
  expect(/\d/.test(await page.getByTestId("total-attainment").textContent()), "the attainment is computed");
  await shot("head-plans");
  step(`${month} planned at 50 m² and 450 000 ₽ beside its fact; the head of sales' path worked end to end`);
});
