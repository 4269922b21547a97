#include "common/ru/declension.h"

#include <array>
#include <cstdint>
#include <vector>

namespace crm::common::ru {
namespace {

// Words are handled as code points: every rule is about a word's last letters.
std::u32string Decode(std::string_view text) {
  std::u32string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 1;
    char32_t code = lead;
    if (lead >= 0xF0U) {
      length = 4;
      code = lead & 0x07U;
    } else if (lead >= 0xE0U) {
      length = 3;
      code = lead & 0x0FU;
    } else if (lead >= 0xC0U) {
      length = 2;
      code = lead & 0x1FU;
    }
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k) {
      code = (code << 6U) | (static_cast<unsigned char>(text[i + k]) & 0x3FU);
    }
    out.push_back(code);
    i += length;
  }
  return out;
}

std::string Encode(std::u32string_view text) {
  std::string out;
  for (const char32_t code : text) {
    if (code < 0x80U) {
      out.push_back(static_cast<char>(code));
    } else if (code < 0x800U) {
      out.push_back(static_cast<char>(0xC0U | (code >> 6U)));
      out.push_back(static_cast<char>(0x80U | (code & 0x3FU)));
    } else if (code < 0x10000U) {
      out.push_back(static_cast<char>(0xE0U | (code >> 12U)));
      out.push_back(static_cast<char>(0x80U | ((code >> 6U) & 0x3FU)));
      out.push_back(static_cast<char>(0x80U | (code & 0x3FU)));
    } else {
      out.push_back(static_cast<char>(0xF0U | (code >> 18U)));
      out.push_back(static_cast<char>(0x80U | ((code >> 12U) & 0x3FU)));
      out.push_back(static_cast<char>(0x80U | ((code >> 6U) & 0x3FU)));
      out.push_back(static_cast<char>(0x80U | (code & 0x3FU)));
    }
  }
  return out;
}

bool IsLower(char32_t c) { return (c >= U'а' && c <= U'я') || c == U'ё'; }
bool IsUpper(char32_t c) { return (c >= U'А' && c <= U'Я') || c == U'Ё'; }

char32_t ToLower(char32_t c) {
  if (c == U'Ё') {
    return U'ё';
  }
  return IsUpper(c) ? c + (U'а' - U'А') : c;
}

bool IsVowel(char32_t c) {
  return std::u32string_view(U"аеёиоуыэюя").find(c) != std::u32string_view::npos;
}

// г, к, х, ж, ш, щ, ч: after them an ending -а becomes -и, not -ы.
bool TakesI(char32_t c) {
  return std::u32string_view(U"гкхжшщч").find(c) != std::u32string_view::npos;
}

bool Ends(const std::u32string& word, std::u32string_view tail) {
  return word.size() > tail.size() && std::u32string_view{word}.ends_with(tail);
}

std::u32string Replace(const std::u32string& word, std::size_t drop, std::u32string_view add) {
  return word.substr(0, word.size() - drop) + std::u32string(add);
}

// A word the rules may change: a letter, then lowercase Cyrillic letters only.
bool Declinable(const std::u32string& word) {
  if (word.size() < 2) {
    return false;
  }
  for (std::size_t i = 1; i < word.size(); ++i) {
    if (!IsLower(word[i])) {
      return false;
    }
  }
  return true;
}

// A word ending in -а or -я as a noun of the first declension: Анна -> Анны, Ольга -> Ольги,
// Мария -> Марии, Илья -> Ильи, Глинка -> Глинки.
std::u32string FirstDeclension(const std::u32string& word) {
  if (Ends(word, U"я")) {
    return Replace(word, 1, U"и");
  }
  return Replace(word, 1, TakesI(word[word.size() - 2]) ? U"и" : U"ы");
}

// A masculine noun (a man's first name, a position): директор -> директора, Игорь -> Игоря,
// Алексей -> Алексея, Дмитрий -> Дмитрия, Никита -> Никиты; other vowel endings stay.
std::u32string MasculineNoun(const std::u32string& word) {
  const char32_t last = word.back();
  if (last == U'ь' || last == U'й') {
    return Replace(word, 1, U"я");
  }
  if (last == U'а' || last == U'я') {
    return FirstDeclension(word);
  }
  if (IsVowel(last)) {
    return word;
  }
  return word + U"а";
}

// An adjective of a position or a surname: генеральный -> генерального, управляющий ->
// управляющего, Горький -> Горького, Толстой -> Толстого; главная -> главной, управляющая ->
// управляющей. Empty when `word` is not an adjective.
std::u32string Adjective(const std::u32string& word) {
  if (Ends(word, U"ый") || Ends(word, U"ой")) {
    return Replace(word, 2, U"ого");
  }
  if (Ends(word, U"ий")) {
    const char32_t before = word[word.size() - 3];
    return Replace(
        word, 2,
        std::u32string_view(U"гкх").find(before) != std::u32string_view::npos ? U"ого" : U"его");
  }
  if (Ends(word, U"ая")) {
    const char32_t before = word[word.size() - 3];
    return Replace(
        word, 2,
        std::u32string_view(U"жшчщ").find(before) != std::u32string_view::npos ? U"ей" : U"ой");
  }
  if (Ends(word, U"яя")) {
    return Replace(word, 2, U"ей");
  }
  return {};
}

// Surnames that stay as they are for either gender: Черных, Седых, Шевченко, Живаго, Дурново,
// Гёте, and any other ending in a vowel but -а/-я.
bool IndeclinableSurname(const std::u32string& word) {
  if (Ends(word, U"их") || Ends(word, U"ых")) {
    return true;
  }
  const char32_t last = word.back();
  return IsVowel(last) && last != U'а' && last != U'я';
}

std::u32string MaleSurname(const std::u32string& word) {
  if (IndeclinableSurname(word)) {
    return word;
  }
  if (std::u32string adjective = Adjective(word);
      !adjective.empty() && !Ends(word, U"ая") && !Ends(word, U"яя")) {
    return adjective;
  }
  return MasculineNoun(word);
}

std::u32string FemaleSurname(const std::u32string& word) {
  if (IndeclinableSurname(word)) {
    return word;
  }
  for (const std::u32string_view tail : {U"ова", U"ева", U"ёва", U"ина", U"ына"}) {
    if (Ends(word, tail)) {
      return Replace(word, 1, U"ой");
    }
  }
  if (Ends(word, U"ая") || Ends(word, U"яя")) {
    return Adjective(word);
  }
  const char32_t last = word.back();
  if (last == U'а' || last == U'я') {
    return FirstDeclension(word);
  }
  return word;  // a woman's surname ending in a consonant: Шмидт, Гоголь
}

std::u32string Surname(const std::u32string& word, PersonGender gender) {
  std::u32string out;
  std::size_t start = 0;
  // Each part of a hyphenated surname declines: Римский-Корсаков -> Римского-Корсакова.
  while (true) {
    const std::size_t hyphen = word.find(U'-', start);
    const std::u32string part =
        word.substr(start, hyphen == std::u32string::npos ? std::u32string::npos : hyphen - start);
    if (!Declinable(part)) {
      out += part;
    } else if (gender == PersonGender::kMale) {
      out += MaleSurname(part);
    } else if (gender == PersonGender::kFemale) {
      out += FemaleSurname(part);
    } else {
      const char32_t last = part.back();
      out += (last == U'а' || last == U'я') && !IndeclinableSurname(part) ? FirstDeclension(part)
                                                                          : part;
    }
    if (hyphen == std::u32string::npos) {
      return out;
    }
    out += U'-';
    start = hyphen + 1;
  }
}

// Men's first names whose stem loses its vowel or changes.
constexpr std::array<std::pair<std::u32string_view, std::u32string_view>, 4> kMaleNameExceptions{
    {{U"Павел", U"Павла"}, {U"Лев", U"Льва"}, {U"Пётр", U"Петра"}, {U"Петр", U"Петра"}}};

// Men's first names ending in -а/-я.
constexpr std::array<std::u32string_view, 12> kMaleNamesInA{
    U"Никита", U"Илья",    U"Кузьма", U"Фома", U"Лука",    U"Савва",
    U"Данила", U"Гаврила", U"Ерёма",  U"Фока", U"Добрыня", U"Вавила"};

// Women's first names ending in -ь.
constexpr std::array<std::u32string_view, 5> kFemaleNamesInSoftSign{U"Любовь", U"Нинель", U"Адель",
                                                                    U"Рахиль", U"Эсфирь"};

std::u32string FirstName(const std::u32string& word, PersonGender gender) {
  if (!Declinable(word)) {
    return word;
  }
  if (gender == PersonGender::kFemale) {
    const char32_t last = word.back();
    if (last == U'а' || last == U'я') {
      return FirstDeclension(word);
    }
    return last == U'ь' ? Replace(word, 1, U"и") : word;
  }
  if (gender == PersonGender::kMale) {
    for (const auto& [name, genitive] : kMaleNameExceptions) {
      if (word == name) {
        return std::u32string(genitive);
      }
    }
    if (Ends(word, U"ий")) {
      return Replace(word, 1, U"я");
    }
    return MasculineNoun(word);
  }
  return word;
}

bool IsTurkicParticle(const std::u32string& word) {
  return word == U"оглы" || word == U"улы" || word == U"кызы" || word == U"гызы";
}

std::u32string Patronymic(const std::u32string& word) {
  if (!Declinable(word)) {
    return word;
  }
  if (Ends(word, U"ич")) {
    return word + U"а";
  }
  if (Ends(word, U"на")) {
    return Replace(word, 1, U"ы");
  }
  return word;
}

std::vector<std::u32string> Words(std::string_view text) {
  std::vector<std::u32string> words;
  std::u32string current;
  for (const char32_t c : Decode(text)) {
    if (c == U' ' || c == U'\t' || c == U'\n') {
      if (!current.empty()) {
        words.push_back(current);
        current.clear();
      }
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty()) {
    words.push_back(current);
  }
  return words;
}

bool IsInitial(const std::u32string& word) { return word.find(U'.') != std::u32string::npos; }

// The positions of the surname, first name and patronymic among `words` (npos when absent):
// the words that are not initials, in that order; a lone full word among initials is the
// surname wherever it stands ("А. В. Волков").
struct NameParts {
  std::size_t surname = std::u32string::npos;
  std::size_t first = std::u32string::npos;
  std::size_t patronymic = std::u32string::npos;
  std::size_t particle = std::u32string::npos;
};

NameParts PartsOf(const std::vector<std::u32string>& words) {
  NameParts parts;
  std::vector<std::size_t> full;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (!IsInitial(words[i])) {
      full.push_back(i);
    }
  }
  if (!full.empty()) {
    parts.surname = full[0];
  }
  if (full.size() > 1) {
    parts.first = full[1];
  }
  if (full.size() > 2) {
    parts.patronymic = full[2];
  }
  if (full.size() > 3 && IsTurkicParticle(words[full[3]])) {
    parts.particle = full[3];
  }
  return parts;
}

PersonGender FromPatronymic(const std::vector<std::u32string>& words, const NameParts& parts) {
  if (parts.particle != std::u32string::npos) {
    const std::u32string& particle = words[parts.particle];
    return particle == U"оглы" || particle == U"улы" ? PersonGender::kMale : PersonGender::kFemale;
  }
  if (parts.patronymic != std::u32string::npos) {
    const std::u32string& patronymic = words[parts.patronymic];
    if (Ends(patronymic, U"ич")) {
      return PersonGender::kMale;
    }
    if (Ends(patronymic, U"на")) {
      return PersonGender::kFemale;
    }
  }
  return PersonGender::kUnknown;
}

PersonGender FromSurname(const std::u32string& surname) {
  for (const std::u32string_view tail :
       {U"ова", U"ева", U"ёва", U"ина", U"ына", U"ская", U"цкая", U"ая"}) {
    if (Ends(surname, tail)) {
      return PersonGender::kFemale;
    }
  }
  for (const std::u32string_view tail :
       {U"ов", U"ев", U"ёв", U"ин", U"ын", U"ский", U"цкий", U"ой", U"ый"}) {
    if (Ends(surname, tail)) {
      return PersonGender::kMale;
    }
  }
  return PersonGender::kUnknown;
}

PersonGender FromFirstName(const std::u32string& name) {
  if (!Declinable(name)) {
    return PersonGender::kUnknown;
  }
  const char32_t last = name.back();
  if (last == U'а' || last == U'я') {
    for (const std::u32string_view male : kMaleNamesInA) {
      if (name == male) {
        return PersonGender::kMale;
      }
    }
    return PersonGender::kFemale;
  }
  if (last == U'ь') {
    for (const std::u32string_view female : kFemaleNamesInSoftSign) {
      if (name == female) {
        return PersonGender::kFemale;
      }
    }
    return PersonGender::kMale;
  }
  return IsVowel(last) ? PersonGender::kUnknown : PersonGender::kMale;
}

std::string Join(const std::vector<std::u32string>& words) {
  std::u32string out;
  for (const std::u32string& word : words) {
    if (!out.empty()) {
      out += U' ';
    }
    out += word;
  }
  return Encode(out);
}

}  // namespace

PersonGender GenderOfName(std::string_view full_name) {
  const std::vector<std::u32string> words = Words(full_name);
  const NameParts parts = PartsOf(words);
  if (const PersonGender gender = FromPatronymic(words, parts); gender != PersonGender::kUnknown) {
    return gender;
  }
  if (parts.surname != std::u32string::npos) {
    std::u32string surname = words[parts.surname];
    // A hyphenated surname shows the gender in its last part.
    if (const std::size_t hyphen = surname.rfind(U'-'); hyphen != std::u32string::npos) {
      surname = surname.substr(hyphen + 1);
    }
    if (const PersonGender gender = FromSurname(surname); gender != PersonGender::kUnknown) {
      return gender;
    }
  }
  if (parts.first != std::u32string::npos) {
    return FromFirstName(words[parts.first]);
  }
  return PersonGender::kUnknown;
}

std::string GenitiveName(std::string_view full_name, PersonGender gender) {
  if (gender == PersonGender::kUnknown) {
    gender = GenderOfName(full_name);
  }
  std::vector<std::u32string> words = Words(full_name);
  const NameParts parts = PartsOf(words);
  if (parts.surname != std::u32string::npos) {
    words[parts.surname] = Surname(words[parts.surname], gender);
  }
  if (parts.first != std::u32string::npos) {
    words[parts.first] = FirstName(words[parts.first], gender);
  }
  // With "оглы"/"кызы" the word before is the father's name and stays.
  if (parts.patronymic != std::u32string::npos && parts.particle == std::u32string::npos) {
    words[parts.patronymic] = Patronymic(words[parts.patronymic]);
  }
  return Join(words);
}

std::string GenitivePosition(std::string_view position) {
  std::vector<std::u32string> words = Words(position);
  for (std::u32string& word : words) {
    if (word.size() < 2 || IsUpper(word[1])) {
      break;  // an abbreviation such as "ИП": the rest reads as written
    }
    word[0] = ToLower(word[0]);
    if (IsInitial(word) || !Declinable(word)) {
      break;  // "и.о. директора": already a genitive after it
    }
    if (std::u32string adjective = Adjective(word); !adjective.empty()) {
      word = adjective;
      continue;
    }
    word = MasculineNoun(word);
    break;
  }
  return Join(words);
}

std::string ActingParticiple(PersonGender gender) {
  return gender == PersonGender::kFemale ? "действующей" : "действующего";
}

}  // namespace crm::common::ru
