// The accountant in the web console, in headless Chromium, after manager.mjs sold the client a
// stand: sign in as the demo accountant, see the client's invoice among the documents, import a
// bank statement (1CClientBankExchange in Windows-1251, written here) with the client's prepayment
// that names no invoice, find it in the unmatched queue, match it to the invoice (a wrong amount
// first: the form keeps what was typed and says what was wrong), and see the client's receivables
// count it as paid.
//
//   node e2e/accountant.mjs --url URL --client "Ладья-Пром" --inn 7707083893 --kpp 631601001
//
// Exit code 0 when the whole path worked; otherwise 1, with a screenshot of the failure.
import { expect, options, run, signInAs } from "./lib.mjs";

const args = options({ inn: { type: "string" }, kpp: { type: "string", default: "" } });

// Windows-1251 for the characters a statement uses: ASCII, Cyrillic, Ё/ё, №, « ».
function cp1251(text) {
  const special = { "Ё": 0xa8, "ё": 0xb8, "№": 0xb9, "«": 0xab, "»": 0xbb };
  return Buffer.from(
    Array.from(text, (ch) => {
      const code = ch.codePointAt(0);
      if (code < 0x80) return code;
      if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
      if (special[ch] !== undefined) return special[ch];
      throw new Error(`no Windows-1251 byte for ${ch}`);
    }),
  );
}

const ours = "40702810900000012345";
const theirs = "40702810500000000418";
const today = new Date();
const day = `${String(today.getDate()).padStart(2, "0")}.${String(today.getMonth() + 1).padStart(2, "0")}.${today.getFullYear()}`;
const paymentNumber = String(1000 + (today.getTime() % 8000));
// A prepayment that names no invoice and owes no invoice exactly: the unmatched queue's.
const statement = cp1251(
  [
    "1CClientBankExchange",
    "ВерсияФормата=1.03",
    "Кодировка=Windows",
    "Отправитель=Банк-Клиент",
    `ДатаСоздания=${day}`,
    `ДатаНачала=${day}`,
    `ДатаКонца=${day}`,
    `РасчСчет=${ours}`,
    "СекцияРасчСчет",
    `ДатаНачала=${day}`,
    `ДатаКонца=${day}`,
    `РасчСчет=${ours}`,
    "КонецРасчСчет",
    "СекцияДокумент=Платежное поручение",
    `Номер=${paymentNumber}`,
    `Дата=${day}`,
    "Сумма=50000.00",
    `ПлательщикСчет=${theirs}`,
    `ПлательщикИНН=${args.inn}`,
    `ПлательщикКПП=${args.kpp}`,
    `Плательщик1=ООО «${args.client}»`,
    `ПолучательСчет=${ours}`,
    `ДатаПоступило=${day}`,
    "ПолучательИНН=6316000000",
    "Получатель1=ООО «Экспо-Волга»",
    "НазначениеПлатежа=Предоплата за участие в выставке. В т.ч. НДС",
    "КонецДокумента",
    "КонецФайла",
    "",
  ].join("\r\n"),
);

await run(args, async (page, { step, shot }) => {
  // Signed out, the accountant opens the receivables' address: the sign-in returns there.
  const name = await signInAs(page, args.url, "бухгалтер", "/receivables?by=client");
  step(`signed in as ${name}: the documents`);
  await page.getByRole("link", { name: "Документы" }).click();
  const invoiceRow = page
    .getByTestId("documents")
    .locator("tr")
    .filter({ hasText: args.client })
    .filter({ hasText: "Счёт на оплату" })
    .first();
  await invoiceRow.waitFor();
  await shot("accountant-documents");

  step("receivables by client before the payment");
  await page.getByRole("link", { name: "Дебиторка" }).click();
  const clientRow = page.getByTestId("receivables").locator("tbody tr").filter({ hasText: args.client });
  await clientRow.waitFor();
  const paidBefore = (await clientRow.locator("td").nth(3).textContent()).trim();
  expect(paidBefore === "0,00\u00a0₽", `nothing paid yet (got ${paidBefore})`);

  step(`import a bank statement: payment № ${paymentNumber}, 50 000,00 ₽ naming no invoice`);
  await page.getByRole("link", { name: "Платежи" }).click();
  await page.locator('input[name="statement"]').setInputFiles({
    name: "kl_to_1c.txt",
    mimeType: "text/plain",
    buffer: statement,
  });
  await page.getByRole("button", { name: "Загрузить выписку" }).click();
  await page.getByRole("status").filter({ hasText: "загружено: 1" }).waitFor();
  const queued = page.getByTestId("payments").locator(`tr[data-payment="${paymentNumber}"]`);
  await queued.waitFor();

  step("match it to the invoice: first more than the payment, then its amount");
  await queued.getByRole("button", { name: "Разнести" }).click();
  const form = page.getByTestId("match-form");
  await form.locator('select[name="invoice"] option').first().waitFor({ state: "attached" });
  await form.locator('input[name="amount"]').fill("60000,00");
  await form.getByRole("button", { name: "Разнести" }).click();
  await form.locator(".field-error, .alert").first().waitFor();
  expect((await form.locator('input[name="amount"]').inputValue()) === "60000,00", "the amount typed is kept");
  await shot("match-payment-error");
  await form.locator('input[name="amount"]').fill("50000,00");
  await form.getByRole("button", { name: "Разнести" }).click();
  await form.waitFor({ state: "detached" });
  await queued.waitFor({ state: "detached" });
  await page.getByLabel("только неразнесённые").uncheck();
  const matched = page.getByTestId("payments").locator(`tr[data-payment="${paymentNumber}"]`);
  await matched.filter({ hasText: "разнесён" }).waitFor();
  await shot("payments");

  step("the client's receivables count it");
  await page.getByRole("link", { name: "Дебиторка" }).click();
  await clientRow.waitFor();
  const deadline = Date.now() + 30_000;
  let paid = (await clientRow.locator("td").nth(3).textContent()).trim();
  while (paid !== "50\u00a0000,00\u00a0₽" && Date.now() < deadline) {
    await page.waitForTimeout(500);
    await page.getByRole("button", { name: "Обновить" }).click();
    await page.waitForTimeout(300);
    paid = (await clientRow.locator("td").nth(3).textContent()).trim();
  }
  expect(paid === "50\u00a0000,00\u00a0₽", `paid 50 000,00 ₽ (got ${paid})`);
  await shot("receivables");
  step("the accountant's path worked end to end");
});
