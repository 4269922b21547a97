#include "tools/demo/generate.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <stdexcept>

namespace crm::demo {
namespace {

struct Word {
  const char* ru;
  const char* lat;  // for e-mail addresses and domains
};

struct City {
  const char* name;
  const char* postcode_prefix;  // first 3 digits
  const char* phone_code;       // 3 or 4 digits; the local number fills up to 10 digits
};

struct Region {
  const char* tax_code;  // first 2 digits of ИНН and КПП
  const char* name;      // as written in an address
  std::vector<City> cities;
  int weight;  // how many of the companies come from here, relatively
};

const std::vector<Region>& Regions() {
  static const std::vector<Region> kRegions = {
      {"63",
       "Самарская обл.",
       {{"Самара", "443", "846"}, {"Тольятти", "445", "8482"}, {"Сызрань", "446", "8464"}},
       45},
      {"16",
       "Республика Татарстан",
       {{"Казань", "420", "843"}, {"Набережные Челны", "423", "8552"}},
       20},
      {"73", "Ульяновская обл.", {{"Ульяновск", "432", "8422"}}, 8},
      {"64", "Саратовская обл.", {{"Саратов", "410", "8452"}}, 8},
      {"58", "Пензенская обл.", {{"Пенза", "440", "8412"}}, 5},
      {"56", "Оренбургская обл.", {{"Оренбург", "460", "3532"}}, 5},
      {"52", "Нижегородская обл.", {{"Нижний Новгород", "603", "831"}}, 5},
      {"02", "Республика Башкортостан", {{"Уфа", "450", "347"}}, 4},
  };
  return kRegions;
}

const std::vector<Word>& NameHeads() {
  static const std::vector<Word> kWords = {
      {"Волга", "volga"}, {"Жигули", "zhiguli"},    {"Кама", "kama"},   {"Самара", "samara"},
      {"Итиль", "itil"},  {"Поволжье", "povolzhe"}, {"Урал", "ural"},   {"Техно", "tekhno"},
      {"Агро", "agro"},   {"Мед", "med"},           {"Строй", "stroy"}, {"Энерго", "energo"},
      {"Нефте", "nefte"}, {"Авто", "avto"},         {"Эко", "eko"},     {"Евро", "evro"},
      {"Рус", "rus"},     {"Гранит", "granit"},     {"Альфа", "alfa"},  {"Вектор", "vektor"},
  };
  return kWords;
}

const std::vector<Word>& NameTails() {
  static const std::vector<Word> kWords = {
      {"Строй", "stroy"},    {"Маш", "mash"},          {"Пром", "prom"},     {"Снаб", "snab"},
      {"Торг", "torg"},      {"Сервис", "servis"},     {"Трейд", "treyd"},   {"Мед", "med"},
      {"Фарм", "farm"},      {"Агро", "agro"},         {"Тех", "tekh"},      {"Лайн", "layn"},
      {"Монтаж", "montazh"}, {"Комплект", "komplekt"}, {"Инвест", "invest"}, {"Продукт", "produkt"},
      {"Ресурс", "resurs"},  {"Систем", "sistem"},
  };
  return kWords;
}

const std::vector<Word>& NameSuffixes() {
  static const std::vector<Word> kWords = {
      {"", ""}, {"", ""}, {"", ""}, {" Плюс", "plus"}, {" Групп", "group"}, {" Холдинг", "holding"},
  };
  return kWords;
}

const std::vector<const char*>& Streets() {
  static const std::vector<const char*> kStreets = {
      "ул. Ленина",        "ул. Советской Армии", "Московское шоссе",
      "ул. Гагарина",      "пр-т Кирова",         "ул. Победы",
      "ул. Мира",          "ул. Садовая",         "ул. Молодогвардейская",
      "ул. Революционная", "Южное шоссе",         "ул. Промышленная",
      "ул. Заводская",     "ул. Набережная",      "ул. Строителей",
      "пр-т Ленина",
  };
  return kStreets;
}

// A surname pair (masculine, feminine) with its transliteration.
struct Surname {
  const char* male;
  const char* female;
  const char* lat;  // masculine transliteration; feminine adds "a"
};

const std::vector<Surname>& Surnames() {
  static const std::vector<Surname> kSurnames = {
      {"Иванов", "Иванова", "ivanov"},        {"Смирнов", "Смирнова", "smirnov"},
      {"Кузнецов", "Кузнецова", "kuznetsov"}, {"Попов", "Попова", "popov"},
      {"Васильев", "Васильева", "vasilev"},   {"Петров", "Петрова", "petrov"},
      {"Соколов", "Соколова", "sokolov"},     {"Михайлов", "Михайлова", "mikhaylov"},
      {"Новиков", "Новикова", "novikov"},     {"Фёдоров", "Фёдорова", "fedorov"},
      {"Морозов", "Морозова", "morozov"},     {"Волков", "Волкова", "volkov"},
      {"Алексеев", "Алексеева", "alekseev"},  {"Лебедев", "Лебедева", "lebedev"},
      {"Семёнов", "Семёнова", "semenov"},     {"Егоров", "Егорова", "egorov"},
      {"Павлов", "Павлова", "pavlov"},        {"Козлов", "Козлова", "kozlov"},
      {"Степанов", "Степанова", "stepanov"},  {"Николаев", "Николаева", "nikolaev"},
      {"Орлов", "Орлова", "orlov"},           {"Андреев", "Андреева", "andreev"},
      {"Макаров", "Макарова", "makarov"},     {"Захаров", "Захарова", "zakharov"},
      {"Галиев", "Галиева", "galiev"},        {"Хабибуллин", "Хабибуллина", "khabibullin"},
      {"Сафин", "Сафина", "safin"},           {"Гарипов", "Гарипова", "garipov"},
  };
  return kSurnames;
}

const std::vector<Word>& MaleNames() {
  static const std::vector<Word> kNames = {
      {"Александр", "a"}, {"Дмитрий", "d"}, {"Сергей", "s"},   {"Андрей", "a"},  {"Алексей", "a"},
      {"Михаил", "m"},    {"Игорь", "i"},   {"Владимир", "v"}, {"Олег", "o"},    {"Павел", "p"},
      {"Рустам", "r"},    {"Тимур", "t"},   {"Николай", "n"},  {"Евгений", "e"},
  };
  return kNames;
}

const std::vector<Word>& FemaleNames() {
  static const std::vector<Word> kNames = {
      {"Елена", "e"}, {"Ольга", "o"},     {"Наталья", "n"},  {"Татьяна", "t"},
      {"Ирина", "i"}, {"Анна", "a"},      {"Мария", "m"},    {"Светлана", "s"},
      {"Юлия", "y"},  {"Екатерина", "e"}, {"Гульнара", "g"}, {"Алсу", "a"},
  };
  return kNames;
}

// Patronymics by the father's name: (masculine, feminine).
const std::vector<std::pair<const char*, const char*>>& Patronymics() {
  static const std::vector<std::pair<const char*, const char*>> kPatronymics = {
      {"Александрович", "Александровна"}, {"Сергеевич", "Сергеевна"},
      {"Владимирович", "Владимировна"},   {"Андреевич", "Андреевна"},
      {"Викторович", "Викторовна"},       {"Николаевич", "Николаевна"},
      {"Петрович", "Петровна"},           {"Михайлович", "Михайловна"},
      {"Игоревич", "Игоревна"},           {"Рашидович", "Рашидовна"},
  };
  return kPatronymics;
}

const std::vector<const char*>& Positions() {
  static const std::vector<const char*> kPositions = {
      "Генеральный директор",
      "Коммерческий директор",
      "Директор по маркетингу",
      "Руководитель отдела продаж",
      "Менеджер по закупкам",
      "Главный инженер",
      "Маркетолог",
      "Исполнительный директор",
      "Менеджер по выставкам",
  };
  return kPositions;
}

std::string Digits(Rng& rng, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    out += static_cast<char>('0' + rng.Between(0, 9));
  }
  return out;
}

// "+7 (846) 212-34-56" or "+7 (8482) 55-12-34": 10 digits after +7 in all.
std::string Phone(Rng& rng, std::string_view code) {
  std::string local =
      std::to_string(rng.Between(2, 9)) + Digits(rng, 9 - static_cast<int>(code.size()));
  std::string out = "+7 (" + std::string(code) + ") ";
  size_t head = local.size() - 4;
  out += local.substr(0, head) + "-" + local.substr(head, 2) + "-" + local.substr(head + 2);
  return out;
}

std::string MobilePhone(Rng& rng) {
  std::string code = "9" + Digits(rng, 2);
  std::string local = Digits(rng, 7);
  return "+7 (" + code + ") " + local.substr(0, 3) + "-" + local.substr(3, 2) + "-" +
         local.substr(5);
}

const Region& PickRegion(Rng& rng) {
  int total = 0;
  for (const auto& r : Regions()) {
    total += r.weight;
  }
  int roll = rng.Between(1, total);
  for (const auto& r : Regions()) {
    roll -= r.weight;
    if (roll <= 0) {
      return r;
    }
  }
  return Regions().front();
}

Person MakePerson(Rng& rng, const std::string& domain) {
  bool female = rng.Chance(45);
  const Surname& surname =
      Surnames()[static_cast<size_t>(rng.Between(0, static_cast<int>(Surnames().size()) - 1))];
  const Word& first = female ? rng.Pick(FemaleNames()) : rng.Pick(MaleNames());
  const auto& patronymic = rng.Pick(Patronymics());
  Person p;
  p.full_name = std::string(female ? surname.female : surname.male) + " " + first.ru + " " +
                (female ? patronymic.second : patronymic.first);
  p.position = rng.Pick(Positions());
  p.phone = MobilePhone(rng);
  p.email = std::string(first.lat) + "." + surname.lat + (female ? "a" : "") + "@" + domain;
  return p;
}

}  // namespace

uint64_t Rng::Next() {
  state_ += 0x9E3779B97F4A7C15ULL;
  uint64_t z = state_;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

int Rng::Between(int low, int high) {
  if (high < low) {
    throw std::invalid_argument("Rng::Between: empty range");
  }
  uint64_t span = static_cast<uint64_t>(high - low) + 1;
  return low + static_cast<int>(Next() % span);
}

int InnControlDigit(std::string_view first9) {
  static constexpr std::array<int, 9> kWeights = {2, 4, 10, 3, 5, 9, 4, 6, 8};
  if (first9.size() != 9) {
    throw std::invalid_argument("INN body must be 9 digits");
  }
  int sum = 0;
  for (size_t i = 0; i < kWeights.size(); ++i) {
    sum += (first9[i] - '0') * kWeights[i];
  }
  return sum % 11 % 10;
}

std::string MakeInn(std::string_view first9) {
  return std::string(first9) + static_cast<char>('0' + InnControlDigit(first9));
}

int OgrnControlDigit(std::string_view first12) {
  if (first12.size() != 12) {
    throw std::invalid_argument("OGRN body must be 12 digits");
  }
  // The 12-digit number mod 11, computed digit by digit (Horner) to stay exact.
  int remainder = 0;
  for (char c : first12) {
    remainder = (remainder * 10 + (c - '0')) % 11;
  }
  return remainder % 10;
}

std::string MakeOgrn(std::string_view first12) {
  return std::string(first12) + static_cast<char>('0' + OgrnControlDigit(first12));
}

std::string WithAccountKey(std::string_view prefix, std::string_view account) {
  if (prefix.size() != 3 || account.size() != 20) {
    throw std::invalid_argument("account key needs a 3-digit prefix and a 20-digit account");
  }
  static constexpr std::array<int, 3> kWeights = {7, 1, 3};
  std::string digits = std::string(prefix) + std::string(account);
  constexpr size_t kKeyPosition = 3 + 8;  // the account's 9th digit
  for (char key = '0'; key <= '9'; ++key) {
    digits[kKeyPosition] = key;
    int sum = 0;
    for (size_t i = 0; i < digits.size(); ++i) {
      sum += (digits[i] - '0') * kWeights[i % 3];
    }
    if (sum % 10 == 0) {
      return digits.substr(3);
    }
  }
  // The key's weight (3) is coprime with 10, so some digit always fits.
  throw std::logic_error("no account key digit fits");
}

std::string SettlementKeyPrefix(std::string_view bik) { return std::string(bik.substr(6, 3)); }

std::string CorrespondentKeyPrefix(std::string_view bik) {
  return "0" + std::string(bik.substr(4, 2));
}

std::vector<Company> GenerateCompanies(int count, uint64_t seed) {
  Rng rng(seed);
  std::vector<Company> out;
  std::set<std::string> names;
  std::set<std::string> inns;
  int attempts = 0;
  while (static_cast<int>(out.size()) < count) {
    if (++attempts > count * 100) {
      throw std::runtime_error("cannot generate that many distinct company names");
    }
    const Word& head = rng.Pick(NameHeads());
    const Word& tail = rng.Pick(NameTails());
    const Word& suffix = rng.Pick(NameSuffixes());
    if (std::string_view(head.ru) == tail.ru) {
      continue;  // "СтройСтрой"
    }
    std::string display = std::string(head.ru) + tail.ru + suffix.ru;
    if (!names.insert(display).second) {
      continue;
    }
    const Region& region = PickRegion(rng);
    const City& city = rng.Pick(region.cities);
    // ИНН: region, tax inspection, record number, control digit.
    std::string inspection = (rng.Chance(50) ? "1" : "0") + std::to_string(rng.Between(1, 9));
    std::string inn;
    do {
      inn = MakeInn(std::string(region.tax_code) + inspection + Digits(rng, 5));
    } while (!inns.insert(inn).second);

    Company c;
    c.display_name = display;
    bool joint_stock = rng.Chance(15);
    c.legal_name = std::string(joint_stock ? "АО" : "ООО") + " «" + display + "»";
    c.inn = inn;
    c.kpp = inn.substr(0, 4) + "01001";
    // ОГРН: 1 (legal entity), year of registration, region, inspection, record number.
    char year[3];
    std::snprintf(year, sizeof year, "%02d", rng.Between(2, 23));
    c.ogrn = MakeOgrn("1" + std::string(year) + region.tax_code + inspection + Digits(rng, 5));
    c.postal_code = std::string(city.postcode_prefix) + Digits(rng, 3);
    c.street_line = std::string(Streets()[static_cast<size_t>(
                        rng.Between(0, static_cast<int>(Streets().size()) - 1))]) +
                    ", д. " + std::to_string(rng.Between(1, 180));
    if (rng.Chance(60)) {
      c.street_line += ", офис " + std::to_string(rng.Between(1, 450));
    }
    c.address = c.postal_code + ", " + region.name + ", г. " + city.name + ", " + c.street_line;
    c.legal_form = joint_stock ? "AO" : "OOO";
    c.region_code = region.tax_code;
    c.city = city.name;
    c.phone = Phone(rng, city.phone_code);
    std::string domain = std::string(head.lat) + tail.lat + suffix.lat + ".ru";
    c.email = (rng.Chance(50) ? "info@" : "office@") + domain;
    c.website = domain;
    // Industry and lead source follow from the company's place in the list: no extra draws, so
    // the rest of the demo data stays as it was.
    static const std::vector<std::pair<const char*, const char*>> kIndustries = {
        {"construction", "41.20"}, {"agro", "01.11"},      {"machinery", "28.22"},
        {"energy", "35.11"},       {"transport", "49.41"}, {"consumer", "47.19"},
        {"it", "62.01"},           {"services", "82.30"}};
    const auto& industry = kIndustries[out.size() % kIndustries.size()];
    c.industry_code = industry.first;
    c.okved_code = industry.second;
    static const std::vector<std::pair<const char*, const char*>> kLeadSources = {
        {"EXHIBITION_VISITOR", "посетитель выставки"},
        {"WEBSITE", "заявка с сайта"},
        {"REFERRAL", "рекомендация партнёра"},
        {"OUTBOUND", "холодный звонок"}};
    const auto& lead_source = kLeadSources[out.size() % kLeadSources.size()];
    c.lead_source_kind = lead_source.first;
    c.lead_source = lead_source.second;
    int people = rng.Between(1, 3);
    for (int i = 0; i < people; ++i) {
      c.contacts.push_back(MakePerson(rng, domain));
    }
    out.push_back(std::move(c));
  }
  return out;
}

Issuer DemoIssuer() {
  Issuer i;
  i.legal_name = "ООО «Экспо-Волга»";
  i.inn = MakeInn("631512345");
  i.kpp = "631501001";
  i.ogrn = MakeOgrn("112631500456");
  i.address = "443010, Самарская обл., г. Самара, ул. Молодогвардейская, д. 151, офис 12";
  i.bank_name = "Поволжский банк ПАО Сбербанк, г. Самара";
  i.bik = "043601607";
  i.correspondent_account = WithAccountKey(CorrespondentKeyPrefix(i.bik), "30101810000000000607");
  i.settlement_account = WithAccountKey(SettlementKeyPrefix(i.bik), "40702810054400012345");
  i.director = "Соколов Андрей Викторович";
  i.chief_accountant = "Лебедева Ольга Николаевна";
  return i;
}

std::vector<Employee> DemoStaff() {
  const std::string sales = "Отдел продаж";
  return {
      {"Кузнецова Анна Сергеевна", "a.kuznetsova@expo-volga.ru", sales, "sales_manager"},
      {"Петров Дмитрий Александрович", "d.petrov@expo-volga.ru", sales, "sales_manager"},
      {"Сафина Лилия Рашидовна", "l.safina@expo-volga.ru", sales, "sales_manager"},
      {"Морозов Игорь Викторович", "i.morozov@expo-volga.ru", sales, "sales_manager"},
      {"Белова Екатерина Андреевна", "e.belova@expo-volga.ru", sales, "sales_manager"},
      {"Григорьев Павел Олегович", "p.grigoriev@expo-volga.ru", sales, "sales_head", true},
      {"Никитина Марина Юрьевна", "m.nikitina@expo-volga.ru", "Аналитический отдел", "analyst"},
      {"Лебедева Ольга Николаевна", "o.lebedeva@expo-volga.ru", "Бухгалтерия", "accountant"},
      {"Соколов Андрей Викторович", "a.sokolov@expo-volga.ru", "Дирекция", "admin"},
  };
}

std::vector<Exhibition> DemoExhibitions() {
  return {
      {"Волга-Строй", "Строительство, архитектура, ЖКХ", "Волга-Строй 2027", 2027, 3, 16, 2027, 3,
       19, "МВЦ «Экспо-Волга», Самара", 950000},
      {"АгроЭкспо", "Сельское хозяйство, техника и переработка", "АгроЭкспо 2027", 2027, 5, 18,
       2027, 5, 20, "МВЦ «Казань Экспо», Казань", 800000},
      {"Медицина и здоровье", "Медицинское оборудование, фармацевтика, здоровый образ жизни",
       "Медицина и здоровье 2027", 2027, 10, 12, 2027, 10, 14, "МВЦ «Экспо-Волга», Самара",
       1200000},
  };
}

std::vector<PlannedContact> PlanContacts(int count, int managers,
                                         const std::vector<Company>& companies, int exhibitions,
                                         uint64_t seed) {
  static const std::vector<const char*> kPurposes = {
      "Презентация выставки и условий участия",
      "Обсудить площадь и расположение стенда",
      "Отправить коммерческое предложение",
      "Уточнить бюджет на участие",
      "Согласовать договор участия",
      "Пригласить на деловую программу",
      "Повторный звонок после КП",
  };
  Rng rng(seed);
  std::vector<PlannedContact> out;
  std::set<int> used_companies;
  for (int n = 1; n <= count; ++n) {
    PlannedContact c;
    c.number = n;
    c.manager = (n - 1) % managers;
    // Distinct companies while there are enough, so each contact reads as its own story.
    do {
      c.company = rng.Between(0, static_cast<int>(companies.size()) - 1);
    } while (used_companies.size() < companies.size() && !used_companies.insert(c.company).second);
    c.contact_person = rng.Between(
        0, static_cast<int>(companies[static_cast<size_t>(c.company)].contacts.size()) - 1);
    c.exhibition = rng.Between(0, exhibitions - 1);
    c.kind = static_cast<ContactKind>(rng.Between(1, 4));
    c.purpose = rng.Pick(kPurposes);
    c.day_offset = rng.Between(1, 30);
    c.hour = rng.Between(9, 17);
    c.minute = rng.Chance(50) ? 0 : 30;
    out.push_back(c);
  }
  return out;
}

std::string FloorPlanStandNumber(int k) {
  return std::string(1, static_cast<char>('A' + k / 30)) + "-" + std::to_string(k % 30 + 1);
}

std::string FloorPlanCsv() {
  std::string csv = "Номер;Павильон;Тип;Площадь, м²\n";
  for (int k = 0; k < kFloorPlanStands; ++k) {
    const int row = k / 30;
    const int place = k % 30 + 1;
    std::string type = "линейный";
    int area_m2 = 9 + 3 * (place % 3 == 0 ? 3 : place % 3 - 1);  // 9, 12 or 18
    if (row == 3 && place <= 4) {
      type = "остров";
      area_m2 = 36;
    } else if (place == 1 || place == 30) {
      type = "угловой";
      area_m2 = 18;
    } else if (place % 10 == 0) {
      type = "полуостров";
      area_m2 = 24;
    }
    csv += FloorPlanStandNumber(k) + ";Павильон " + std::to_string(1 + row % 3) + ";" + type + ";" +
           std::to_string(area_m2) + "\n";
  }
  return csv;
}

std::vector<Completion> PlanCompletions(const std::vector<PlannedContact>& contacts, int count,
                                        uint64_t seed) {
  static const std::vector<const char*> kNotes = {
      "Клиент просил прислать план зала",
      "Решение примет собственник, перезвонить",
      "Интересуется спонсорским пакетом",
      "Запросили скидку за ранее бронирование",
  };
  static const std::vector<const char*> kRefusalDetails = {
      "Бюджет на выставки в этом году исчерпан", "Наша аудитория им не подходит",
      "Участвуют в выставке конкурента",         "В эти даты у них отраслевой форум",
      "Компания сворачивает направление",
  };
  static const std::vector<const char*> kRescheduleReasons = {
      "ЛПР в отпуске",
      "Клиент попросил перенести",
      "Ждут утверждения бюджета",
  };
  Rng rng(seed);
  std::vector<Completion> out;
  if (contacts.empty() || count <= 0) {
    return out;
  }
  std::map<int, int> next_stand;  // per exhibition
  // Evenly spaced contacts, so every manager gets some results.
  size_t step = std::max<size_t>(1, contacts.size() / static_cast<size_t>(count));
  for (size_t i = 0; i < contacts.size() && static_cast<int>(out.size()) < count; i += step) {
    Completion c;
    c.contact_number = contacts[i].number;
    switch (out.size() % 4) {
      case 0:
        c.kind = OutcomeKind::kSale;
        // The next stand of the exhibition's floor plan: its area comes with it.
        c.stand = FloorPlanStandNumber(next_stand[contacts[i].exhibition]++ % kFloorPlanStands);
        break;
      case 1:
        c.kind = OutcomeKind::kRefusal;
        c.refusal_reason = rng.Between(1, 5);
        c.text = kRefusalDetails[static_cast<size_t>(c.refusal_reason - 1)];
        break;
      case 2:
        c.kind = OutcomeKind::kReschedule;
        c.text = rng.Pick(kRescheduleReasons);
        c.reschedule_days = rng.Between(3, 14);
        break;
      default:
        c.kind = OutcomeKind::kNote;
        c.text = rng.Pick(kNotes);
        break;
    }
    out.push_back(c);
  }
  return out;
}

namespace {

constexpr int64_t kDaySeconds = 86'400;

// A version-4 UUID from the generator.
std::string UuidFrom(Rng& rng) {
  const uint64_t hi = (rng.Next() & ~0xF000ULL) | 0x4000ULL;
  const uint64_t lo = (rng.Next() & ~(0xC000ULL << 48)) | (0x8000ULL << 48);
  char text[37];
  std::snprintf(text, sizeof text, "%08llx-%04llx-%04llx-%04llx-%012llx",
                static_cast<unsigned long long>(hi >> 32),
                static_cast<unsigned long long>((hi >> 16) & 0xFFFF),
                static_cast<unsigned long long>(hi & 0xFFFF),
                static_cast<unsigned long long>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return text;
}

int64_t UnixDay(int year, int month, int day) {
  return std::chrono::sys_days{std::chrono::year{year} / month / day}.time_since_epoch().count();
}

const std::vector<const char*>& LevelNames() {
  static const std::vector<const char*> kNames = {"COLD", "COOL", "WARM", "HOT"};
  return kNames;
}

}  // namespace

std::vector<PastEdition> GeneratePastEditions(const Exhibition& exhibition, int count,
                                              uint64_t seed) {
  // Stand sizes in dm² and how often each is taken.
  static const std::vector<int64_t> kAreas = {900,  900,  1200, 1200, 1200, 1800, 1800,
                                              1800, 2400, 2400, 3600, 3600, 4800, 7200};
  // Chance in percent that a client first assessed at each level buys.
  static const std::vector<int> kBuys = {6, 22, 48, 72};
  Rng rng(seed ^ 0x9E3779B97F4A7C15ULL ^ static_cast<uint64_t>(exhibition.price_per_m2_kopecks));
  std::vector<PastEdition> out;
  for (int k = 0; k < count; ++k) {
    PastEdition e;
    e.edition_id = UuidFrom(rng);
    const int back = count - k;
    e.year = exhibition.start_year - back;
    e.month = exhibition.start_month;
    e.day = exhibition.start_day;
    const std::string base = exhibition.edition_name.substr(0, exhibition.edition_name.rfind(' '));
    e.display_name = base + " " + std::to_string(e.year);
    const int64_t opening = UnixDay(e.year, e.month, e.day) * kDaySeconds;
    e.opening_unix_seconds = opening;
    // The season: how many clients, how keen the market is (percent), the price.
    const int clients = std::clamp(110 + 30 * k + rng.Between(-30, 40), 100, 300);
    const int market = rng.Between(75, 125);
    const int64_t price_per_dm2 = exhibition.price_per_m2_kopecks * (100 - 5 * back) / 100 / 100;
    std::set<int> keys;  // clients come back season after season: keys from one pool of 600
    for (int i = 0; i < clients; ++i) {
      int number = rng.Between(1, 600);
      while (!keys.insert(number).second) {
        number = number % 600 + 1;
      }
      char key[16];
      std::snprintf(key, sizeof key, "К-%05d", number);
      const std::string client = key;
      const int roll = rng.Between(1, 100);
      int level = roll <= 30 ? 0 : roll <= 60 ? 1 : roll <= 85 ? 2 : 3;
      const bool buys =
          rng.Between(1, 100) <= std::min(95, kBuys[static_cast<size_t>(level)] * market / 100);
      const bool assessed = !buys || rng.Chance(94);  // a few buy without ever being assessed
      int64_t first = opening - (rng.Between(10 * 7, 24 * 7) * kDaySeconds);
      int64_t sale_time = 0;
      if (buys) {
        // Most sales in the last two months: days before the opening ~ 112 × u².
        const int u = rng.Between(0, 100);
        int64_t days_before = 112LL * u * u / 10000 - 2;
        days_before = std::min<int64_t>(days_before, (opening - first) / kDaySeconds - 7);
        sale_time = opening - days_before * kDaySeconds + rng.Between(9, 18) * 3600;
      }
      if (assessed) {
        int64_t at = first + rng.Between(9, 18) * 3600;
        int64_t last = 0;
        while (at < opening - 5 * kDaySeconds && (!buys || at < sale_time)) {
          e.assessments.push_back({client, LevelNames()[static_cast<size_t>(level)], at, 0, 0});
          last = at;
          at += rng.Between(14, 35) * kDaySeconds;
          if (buys) {
            level = std::min(3, level + (rng.Chance(60) ? 1 : 0));
          } else if (rng.Chance(35)) {
            level = std::max(0, level - 1);
          } else if (rng.Chance(12)) {
            level = std::min(3, level + 1);
          }
        }
        if (buys && sale_time - 3 * kDaySeconds > last) {
          e.assessments.push_back({client, "HOT", sale_time - 3 * kDaySeconds, 0, 0});
        }
      }
      if (buys) {
        const int64_t area = rng.Pick(kAreas);
        const int64_t net = area * price_per_dm2 * (100 - rng.Between(0, 15)) / 100;
        e.sales.push_back({client, "", sale_time, area, net});
      }
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::string RequestId(std::string_view kind, int number, int width) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%0*d", width, number);
  return "demo-" + std::string(kind) + "-" + digits;
}

}  // namespace crm::demo
