#include "common/ru/amount_in_words.h"

#include <array>
#include <utility>

#include "common/ru/magnitude.h"

namespace crm::common::ru {
namespace {

constexpr std::array<std::string_view, 10> kHundreds = {
    "",        "сто",      "двести",  "триста",    "четыреста",
    "пятьсот", "шестьсот", "семьсот", "восемьсот", "девятьсот"};

constexpr std::array<std::string_view, 10> kTens = {
    "",          "",           "двадцать",  "тридцать",    "сорок",
    "пятьдесят", "шестьдесят", "семьдесят", "восемьдесят", "девяносто"};

constexpr std::array<std::string_view, 10> kTeens = {
    "десять",     "одиннадцать", "двенадцать", "тринадцать",   "четырнадцать",
    "пятнадцать", "шестнадцать", "семнадцать", "восемнадцать", "девятнадцать"};

constexpr std::array<std::string_view, 10> kUnits = {"",     "один",  "два",  "три",    "четыре",
                                                     "пять", "шесть", "семь", "восемь", "девять"};

// A power of a thousand with the gender of its noun and the noun's three plural forms.
struct Scale {
  uint64_t value;
  Gender gender;
  std::string_view one;
  std::string_view few;
  std::string_view many;
};

// Largest first; int64 stops below ten quintillion.
constexpr std::array<Scale, 6> kScales = {{
    {1'000'000'000'000'000'000ULL, Gender::kMasculine, "квинтиллион", "квинтиллиона",
     "квинтиллионов"},
    {1'000'000'000'000'000ULL, Gender::kMasculine, "квадриллион", "квадриллиона", "квадриллионов"},
    {1'000'000'000'000ULL, Gender::kMasculine, "триллион", "триллиона", "триллионов"},
    {1'000'000'000ULL, Gender::kMasculine, "миллиард", "миллиарда", "миллиардов"},
    {1'000'000ULL, Gender::kMasculine, "миллион", "миллиона", "миллионов"},
    {1'000ULL, Gender::kFeminine, "тысяча", "тысячи", "тысяч"},
}};

// Lower- and upper-case Russian letters in UTF-8, for capitalising the first letter of a text
// without depending on the process locale.
constexpr std::array<std::array<std::string_view, 2>, 33> kCyrillicCase = {{
    {"а", "А"}, {"б", "Б"}, {"в", "В"}, {"г", "Г"}, {"д", "Д"}, {"е", "Е"}, {"ё", "Ё"},
    {"ж", "Ж"}, {"з", "З"}, {"и", "И"}, {"й", "Й"}, {"к", "К"}, {"л", "Л"}, {"м", "М"},
    {"н", "Н"}, {"о", "О"}, {"п", "П"}, {"р", "Р"}, {"с", "С"}, {"т", "Т"}, {"у", "У"},
    {"ф", "Ф"}, {"х", "Х"}, {"ц", "Ц"}, {"ч", "Ч"}, {"ш", "Ш"}, {"щ", "Щ"}, {"ъ", "Ъ"},
    {"ы", "Ы"}, {"ь", "Ь"}, {"э", "Э"}, {"ю", "Ю"}, {"я", "Я"},
}};

std::string_view PluralFormOf(uint64_t n, std::string_view one, std::string_view few,
                              std::string_view many) {
  const uint64_t last_two = n % 100;
  if (last_two >= 11 && last_two <= 14) {
    return many;
  }
  const uint64_t last = n % 10;
  if (last == 1) {
    return one;
  }
  if (last >= 2 && last <= 4) {
    return few;
  }
  return many;
}

void AppendWord(std::string& out, std::string_view word) {
  if (word.empty()) {
    return;
  }
  if (!out.empty()) {
    out += ' ';
  }
  out += word;
}

// Words for 1..999; only the units agree in gender ("один/одна/одно", "два/две").
void AppendTriad(std::string& out, uint64_t triad, Gender g) {
  AppendWord(out, kHundreds[triad / 100]);
  const uint64_t rest = triad % 100;
  if (rest >= 10 && rest < 20) {
    AppendWord(out, kTeens[rest - 10]);
    return;
  }
  AppendWord(out, kTens[rest / 10]);
  const uint64_t unit = rest % 10;
  if (unit == 1) {
    AppendWord(out, g == Gender::kMasculine ? "один" : g == Gender::kFeminine ? "одна" : "одно");
  } else if (unit == 2) {
    AppendWord(out, g == Gender::kFeminine ? "две" : "два");
  } else {
    AppendWord(out, kUnits[unit]);
  }
}

std::string CapitaliseFirst(std::string text) {
  for (const auto& [lower, upper] : kCyrillicCase) {
    if (text.starts_with(lower)) {
      return std::string(upper) + text.substr(lower.size());
    }
  }
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') {
    text[0] = static_cast<char>(text[0] - 'a' + 'A');
  }
  return text;
}

}  // namespace

std::string_view PluralForm(int64_t n, std::string_view one, std::string_view few,
                            std::string_view many) {
  return PluralFormOf(Magnitude(n), one, few, many);
}

std::string NumberInWords(int64_t n, Gender g) {
  if (n == 0) {
    return "ноль";
  }
  std::string out = n < 0 ? "минус" : "";
  uint64_t rest = Magnitude(n);
  for (const Scale& scale : kScales) {
    const uint64_t count = rest / scale.value;
    if (count == 0) {
      continue;
    }
    AppendTriad(out, count, scale.gender);
    AppendWord(out, PluralFormOf(count, scale.one, scale.few, scale.many));
    rest %= scale.value;
  }
  if (rest != 0) {
    AppendTriad(out, rest, g);
  }
  return out;
}

std::string AmountInWords(int64_t kopecks) {
  const uint64_t magnitude = Magnitude(kopecks);
  const uint64_t roubles = magnitude / 100;
  const uint64_t fraction = magnitude % 100;
  // roubles < 10^17, so it converts back to int64 safely.
  std::string out = NumberInWords(static_cast<int64_t>(roubles), Gender::kMasculine);
  AppendWord(out, PluralFormOf(roubles, "рубль", "рубля", "рублей"));
  out += ' ';
  out += static_cast<char>('0' + fraction / 10);
  out += static_cast<char>('0' + fraction % 10);
  AppendWord(out, PluralFormOf(fraction, "копейка", "копейки", "копеек"));
  if (kopecks < 0) {
    return "Минус " + out;
  }
  return CapitaliseFirst(std::move(out));
}

}  // namespace crm::common::ru
