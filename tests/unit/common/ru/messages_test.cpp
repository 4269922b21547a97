// The Russian catalogue of the services' messages: exact texts, patterns whose values are carried
// over, texts it does not know, and the shape of the table itself.
#include "common/ru/messages.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace crm::common::ru {
namespace {

std::string Ru(std::string_view english) { return TranslateMessage(english).value_or("<none>"); }

TEST(MessageCatalogue, TranslatesAnExactText) {
  EXPECT_EQ(Ru("is required"), "Обязательное поле");
  EXPECT_EQ(Ru("INN checksum does not match"), "Неверный ИНН: не сходится контрольное число");
  EXPECT_EQ(kMessageLocale, "ru-RU");
}

TEST(MessageCatalogue, CarriesThePatternsValues) {
  EXPECT_EQ(Ru("must be at most 200 characters"), "Не длиннее 200 символов");
  EXPECT_EQ(Ru("must be at most 1000 characters"), "Не длиннее 1000 символов");
  EXPECT_EQ(Ru("must have the same INN as its branch (6316123456), not 7701234567"),
            "ИНН должен совпадать с ИНН головной организации (6316123456), а указан 7701234567");
  EXPECT_EQ(Ru("the header names the column ИНН twice (columns 2 and 5)"),
            "Столбец ИНН встречается в заголовке дважды (столбцы 2 и 5)");
}

TEST(MessageCatalogue, PutsEachValueWhereTheRussianTextNamesIt) {
  // A value the Russian text does not need (the client's uuid, the RPC's name) is left out.
  EXPECT_EQ(Ru("must name at least one successor: employees/7 curates 12 client terms"),
            "Укажите, кому передать клиентов: у сотрудника employees/7 закреплений клиентов — 12");
  EXPECT_EQ(Ru("stand A-12 is held for clients/9 until 2026-05-01"),
            "Стенд A-12 забронирован для другого клиента до 2026-05-01");
  EXPECT_EQ(Ru("/crm.registry.v1.ClientService/UpdateClient requires one of the roles: analyst"),
            "Недостаточно прав: нужна одна из ролей analyst");
}

TEST(MessageCatalogue, TranslatesAValueThatIsItselfAText) {
  // A validator's message inside another validator's message.
  EXPECT_EQ(Ru("Settlement account cannot be checked: BIK must be exactly 9 digits"),
            "Расчётный счёт: проверить нельзя, пока не исправлен БИК (БИК состоит ровно из 9 "
            "цифр)");
  // A word of the access rule, and a message lower-cased inside a sentence.
  EXPECT_EQ(Ru("this role has no access to sales plans"),
            "У вашей роли нет доступа к разделу «планы продаж»");
  EXPECT_EQ(Ru("row 3, inn: INN must be 10 or 12 digits"),
            "Строка 3, inn: ИНН состоит из 10 цифр (организация) или 12 цифр (ИП)");
  EXPECT_EQ(Ru("\"inn\" is output only"), "Поле «inn»: заполняется системой, изменить нельзя");
  // A state's enum text.
  EXPECT_EQ(Ru("stand A-1 is sold; only a free stand can be held"),
            "Стенд A-1 продан, а забронирован может быть только свободный стенд");
}

TEST(MessageCatalogue, TranslatesAnImportRowsNoteWithEveryReasonOfItsList) {
  EXPECT_EQ(Ru("probable duplicate of clients/9 \"Ромашка\" (same INN and KPP, same name, same "
               "phone, score 95); merge the records or correct the row"),
            "Вероятный дубликат клиента «Ромашка» (те же ИНН и КПП, похожее название, тот же "
            "телефон, сходство 95): объедините записи или исправьте строку");
  EXPECT_EQ(Ru("probable duplicate of clients/9 \"Ромашка\" (same e-mail, score 60); merge the "
               "records or correct the row"),
            "Вероятный дубликат клиента «Ромашка» (тот же e-mail, сходство 60): объедините записи "
            "или исправьте строку");
  EXPECT_EQ(Ru("matches a deleted client; undelete it to import into it"),
            "Совпадает с удалённым клиентом: восстановите его, чтобы загрузить в него строку");
}

TEST(MessageCatalogue, PrefersTheMostSpecificPattern) {
  EXPECT_EQ(Ru("employees/3 has already left"), "employees/3 уже уволен(а)");
  EXPECT_EQ(Ru("employees/3 has left"), "employees/3 уволен(а)");
  EXPECT_EQ(Ru("must be a resource name like projects/{uuid}/editions/{uuid}"),
            "Некорректная ссылка на выставку");
}

TEST(MessageCatalogue, UnknownTextsHaveNoTranslation) {
  EXPECT_FALSE(TranslateMessage(""));
  EXPECT_FALSE(TranslateMessage("something nobody wrote"));
  EXPECT_FALSE(TranslateMessage("is required!"));  // a pattern's text with more after it
  EXPECT_FALSE(TranslateMessage(" not found"));    // a placeholder takes at least a character
  EXPECT_FALSE(TranslateMessage("must be at most  characters"));
}

TEST(MessageCatalogue, NeverFailsOnOddInput) {
  const std::string odd[] = {std::string("\0\xff\xfe", 3),
                             "{0}",
                             "{",
                             "}",
                             "{{{}}}",
                             std::string(100000, 'x') + " not found",
                             "\xd0",
                             "\xd0\x90"};
  for (const auto& text : odd) {
    EXPECT_NO_THROW(TranslateMessage(text)) << text;
  }
  EXPECT_EQ(Ru("{0} not found"), "Не найдено: {0}");
}

TEST(MessageCatalogue, EveryKeyOnceAndEveryRussianPlaceholderFromTheKey) {
  std::set<std::string_view> keys;
  for (const auto& entry : MessageCatalogue()) {
    EXPECT_TRUE(keys.insert(entry.english).second) << "twice: " << entry.english;
    EXPECT_FALSE(entry.russian.empty()) << entry.english;
    for (std::size_t at = entry.russian.find('{'); at != std::string_view::npos;
         at = entry.russian.find('{', at + 1)) {
      std::size_t end = entry.russian.find('}', at);
      std::string_view placeholder = entry.russian.substr(at, end - at + 1);
      if (placeholder.size() == 3 && placeholder[1] >= '0' && placeholder[1] <= '9') {
        EXPECT_NE(entry.english.find(placeholder), std::string_view::npos)
            << entry.english << " has no " << placeholder;
      }
    }
  }
}

}  // namespace
}  // namespace crm::common::ru
