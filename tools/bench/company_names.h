#pragma once

#include <random>
#include <string>
#include <vector>

#include "services/registry/domain/search_text.h"

// Generated company names of the kind a Russian client base holds: two or three roots run
// together ("СтройАгро"), often a word ("Групп"), sometimes a number, under a legal form. Names
// repeat and resemble each other as real ones do, so searches and duplicate checks see realistic
// trigram overlap. Shared by the benchmarks that create clients.
namespace crm::bench {

inline const std::vector<std::string> kRoots = {
    "Строй",    "Агро",    "Техно",   "Волга",    "Энерго", "Маш",     "Пром",   "Сервис", "Торг",
    "Инвест",   "Снаб",    "Трейд",   "Логистик", "Мет",    "Лес",     "Хим",    "Нефте",  "Газ",
    "Авто",     "Электро", "Тепло",   "Вод",      "Урал",   "Сибирь",  "Кама",   "Ока",    "Дон",
    "Нева",     "Байкал",  "Север",   "Юг",       "Восток", "Альфа",   "Вектор", "Спектр", "Интер",
    "Евро",     "Рус",     "Гранит",  "Кристалл", "Ёлка",   "Берёза",  "Орёл",   "Сокол",  "Звезда",
    "Прогресс", "Ресурс",  "Капитал", "Стандарт", "Профи",  "Монолит", "Бетон",  "Металл", "Зерно",
    "Молоко",   "Мебель",  "Полимер", "Кабель",   "Стекло", "Текстиль"};
inline const std::vector<std::string> kWords = {
    "Групп",     "Холдинг",  "Плюс",   "Центр",  "Комплект", "Проект",  "Системы", "Технологии",
    "Индустрия", "Поставка", "Регион", "Мастер", "Эксперт",  "Партнёр", "Альянс",  "Лидер"};
inline const std::vector<std::string> kForms = {"ООО", "АО", "ПАО", "ЗАО", "ООО", "ООО"};
inline const std::vector<std::string> kFormCodes = {"OOO", "AO", "PAO", "ZAO", "OOO", "OOO"};

inline std::string LowerRoot(const std::string& utf8) {
  // Only the first letter of a root is upper case; NormalizeCompanyName folds it for us.
  return crm::registry::NormalizeCompanyName(utf8);
}

// A generated client's names and the code of its legal form.
struct CompanyName {
  std::string display_name;
  std::string legal_name;
  std::string form_code;
};

// The names of the `i`-th generated client.
inline CompanyName GenerateCompanyName(std::mt19937_64& random, int i) {
  auto pick = [&](const std::vector<std::string>& from) { return from[random() % from.size()]; };
  CompanyName g;
  std::string name = pick(kRoots) + LowerRoot(pick(kRoots));
  if (random() % 3 == 0) {
    name += LowerRoot(pick(kRoots));
  }
  if (random() % 2 == 0) {
    name += " " + pick(kWords);
  }
  if (random() % 4 == 0) {
    name += " " + std::to_string(i % 97 + 1);
  }
  const std::size_t form = random() % kForms.size();
  g.display_name = name;
  g.legal_name = kForms[form] + " «" + name + "»";
  g.form_code = kFormCodes[form];
  return g;
}

}  // namespace crm::bench
