#include "common/ru/declension.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace crm::common::ru {
namespace {

struct Case {
  std::string nominative;
  std::string genitive;
};

TEST(GenitiveNameTest, MenWithPatronymics) {
  const std::vector<Case> cases = {
      {"Волков Алексей Викторович", "Волкова Алексея Викторовича"},
      {"Пушкин Александр Сергеевич", "Пушкина Александра Сергеевича"},
      {"Кожевников Дмитрий Ильич", "Кожевникова Дмитрия Ильича"},
      {"Лещёв Игорь Олегович", "Лещёва Игоря Олеговича"},
      {"Вяземский Павел Андреевич", "Вяземского Павла Андреевича"},
      {"Троицкий Лев Николаевич", "Троицкого Льва Николаевича"},
      {"Толстой Пётр Кузьмич", "Толстого Петра Кузьмича"},
      {"Горький Никита Лукич", "Горького Никиты Лукича"},
      {"Крайний Илья Фомич", "Крайнего Ильи Фомича"},
      {"Бондарь Юрий Васильевич", "Бондаря Юрия Васильевича"},
      {"Гайдай Сергей Андреевич", "Гайдая Сергея Андреевича"},
      {"Шмидт Отто Юльевич", "Шмидта Отто Юльевича"},
      {"Глинка Михаил Иванович", "Глинки Михаила Ивановича"},
      {"Зозуля Андрей Петрович", "Зозули Андрея Петровича"},
      {"Римский-Корсаков Николай Андреевич", "Римского-Корсакова Николая Андреевича"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(GenitiveName(c.nominative), c.genitive) << c.nominative;
    EXPECT_EQ(GenderOfName(c.nominative), PersonGender::kMale) << c.nominative;
  }
}

TEST(GenitiveNameTest, WomenWithPatronymics) {
  const std::vector<Case> cases = {
      {"Смирнова Анна Петровна", "Смирновой Анны Петровны"},
      {"Лебедева Ольга Ильинична", "Лебедевой Ольги Ильиничны"},
      {"Пушкина Мария Сергеевна", "Пушкиной Марии Сергеевны"},
      {"Вяземская Наталья Андреевна", "Вяземской Натальи Андреевны"},
      {"Долгорукая Любовь Никитична", "Долгорукой Любови Никитичны"},
      {"Толстая Юлия Львовна", "Толстой Юлии Львовны"},
      {"Глинка Ирина Фоминична", "Глинки Ирины Фоминичны"},
      {"Шмидт Елена Юрьевна", "Шмидт Елены Юрьевны"},
      {"Гоголь Вера Павловна", "Гоголь Веры Павловны"},
      {"Зозуля Дарья Кирилловна", "Зозули Дарьи Кирилловны"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(GenitiveName(c.nominative), c.genitive) << c.nominative;
    EXPECT_EQ(GenderOfName(c.nominative), PersonGender::kFemale) << c.nominative;
  }
}

TEST(GenitiveNameTest, IndeclinableSurnamesStay) {
  const std::vector<Case> cases = {
      {"Черных Иван Петрович", "Черных Ивана Петровича"},
      {"Седых Анна Ивановна", "Седых Анны Ивановны"},
      {"Шевченко Тарас Григорьевич", "Шевченко Тараса Григорьевича"},
      {"Бойко Светлана Олеговна", "Бойко Светланы Олеговны"},
      {"Живаго Юрий Андреевич", "Живаго Юрия Андреевича"},
      {"Дурново Пётр Николаевич", "Дурново Петра Николаевича"},
      {"Гёте Иоганн Каспарович", "Гёте Иоганна Каспаровича"},
      {"Ким Виктор Сергеевич", "Кима Виктора Сергеевича"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(GenitiveName(c.nominative), c.genitive) << c.nominative;
  }
}

TEST(GenitiveNameTest, InitialsDeclineOnlyTheSurname) {
  EXPECT_EQ(GenitiveName("Волков А. В."), "Волкова А. В.");
  EXPECT_EQ(GenitiveName("Смирнова А. П."), "Смирновой А. П.");
  EXPECT_EQ(GenitiveName("Вяземский П.А."), "Вяземского П.А.");
  EXPECT_EQ(GenitiveName("А. В. Волков"), "А. В. Волкова");
  EXPECT_EQ(GenitiveName("Черных И. П."), "Черных И. П.");
  EXPECT_EQ(GenderOfName("Смирнова А. П."), PersonGender::kFemale);
  EXPECT_EQ(GenderOfName("Волков А. В."), PersonGender::kMale);
}

TEST(GenitiveNameTest, GenderUnknownLeavesAConsonantSurname) {
  EXPECT_EQ(GenderOfName("Шмидт Е. Ю."), PersonGender::kUnknown);
  EXPECT_EQ(GenitiveName("Шмидт Е. Ю."), "Шмидт Е. Ю.");
  EXPECT_EQ(GenitiveName("Шмидт Е. Ю.", PersonGender::kMale), "Шмидта Е. Ю.");
  EXPECT_EQ(GenitiveName("Шмидт Е. Ю.", PersonGender::kFemale), "Шмидт Е. Ю.");
  // Without a patronymic the first name tells.
  EXPECT_EQ(GenitiveName("Шмидт Елена"), "Шмидт Елены");
  EXPECT_EQ(GenitiveName("Шмидт Никита"), "Шмидта Никиты");
}

TEST(GenitiveNameTest, TurkicPatronymicsKeepTheFathersName) {
  EXPECT_EQ(GenitiveName("Мамедов Эльдар Гусейн оглы"), "Мамедова Эльдара Гусейн оглы");
  EXPECT_EQ(GenitiveName("Алиева Лейла Рашид кызы"), "Алиевой Лейлы Рашид кызы");
  EXPECT_EQ(GenderOfName("Алиева Лейла Рашид кызы"), PersonGender::kFemale);
}

TEST(GenitiveNameTest, WordsNotInLowercaseCyrillicStay) {
  EXPECT_EQ(GenitiveName("ВОЛКОВ АЛЕКСЕЙ ВИКТОРОВИЧ"), "ВОЛКОВ АЛЕКСЕЙ ВИКТОРОВИЧ");
  EXPECT_EQ(GenitiveName("Smith John"), "Smith John");
  EXPECT_EQ(GenitiveName("  Волков   Алексей  "), "Волкова Алексея");
  EXPECT_EQ(GenitiveName(""), "");
}

TEST(GenitivePositionTest, UsualPositions) {
  const std::vector<Case> cases = {
      {"Директор", "директора"},
      {"директор", "директора"},
      {"Генеральный директор", "генерального директора"},
      {"Исполнительный директор", "исполнительного директора"},
      {"Управляющий", "управляющего"},
      {"Управляющая", "управляющей"},
      {"Управляющий партнёр", "управляющего партнёра"},
      {"Президент", "президента"},
      {"Председатель правления", "председателя правления"},
      {"Первый заместитель генерального директора", "первого заместителя генерального директора"},
      {"Директор по развитию", "директора по развитию"},
      {"Индивидуальный предприниматель", "индивидуального предпринимателя"},
      {"Главный бухгалтер", "главного бухгалтера"},
      {"Старший менеджер", "старшего менеджера"},
      {"и.о. генерального директора", "и.о. генерального директора"},
      {"ИП", "ИП"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(GenitivePosition(c.nominative), c.genitive) << c.nominative;
  }
}

TEST(ActingParticipleTest, AgreesWithTheSignatory) {
  EXPECT_EQ(ActingParticiple(PersonGender::kMale), "действующего");
  EXPECT_EQ(ActingParticiple(PersonGender::kFemale), "действующей");
  EXPECT_EQ(ActingParticiple(PersonGender::kUnknown), "действующего");
}

}  // namespace
}  // namespace crm::common::ru
