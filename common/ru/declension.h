#pragma once

#include <string>
#include <string_view>

// The genitive case (родительный падеж) of a person's name and position, as a contract's
// preamble needs them: "в лице генерального директора Волкова Алексея Викторовича,
// действующего на основании Устава". Rules for Russian names and the usual positions; a name
// the rules get wrong is given explicitly by whoever stores it. Pure: no I/O.
namespace crm::common::ru {

enum class PersonGender { kUnknown, kMale, kFemale };

// The gender a full name ("Фамилия Имя Отчество", "Фамилия И. О." or a shorter one) shows: the
// patronymic's ending (-ич, -на; "оглы"/"кызы"), else the surname's (-ова, -ина, -ская, -ая are
// a woman's; -ов, -ин, -ский, -ой, -ый a man's), else the first name's (-а/-я a woman's except
// the men's names that end so, a consonant a man's); kUnknown when nothing tells.
PersonGender GenderOfName(std::string_view full_name);

// `full_name` in the genitive: "Волков Алексей Викторович" -> "Волкова Алексея Викторовича",
// "Смирнова Анна Петровна" -> "Смирновой Анны Петровны", "Волков А. В." -> "Волкова А. В."
// (initials do not change). The words are read as surname, first name, patronymic; a hyphenated
// surname declines in each part. Surnames that do not decline stay as they are (-их/-ых, -ко,
// -аго/-яго, other vowel endings; a woman's surname ending in a consonant). `gender` kUnknown
// takes GenderOfName's; when that is unknown too, a surname ending in a consonant stays as it
// is. Words not written in lowercase Cyrillic after their first letter are left unchanged.
std::string GenitiveName(std::string_view full_name, PersonGender gender = PersonGender::kUnknown);

// A position in the genitive and in lowercase, as it follows "в лице": "Генеральный директор"
// -> "генерального директора", "Управляющий" -> "управляющего", "Председатель правления" ->
// "председателя правления". The leading adjectives and the first noun decline; what follows
// the noun (already a genitive or a prepositional phrase: "по развитию") stays; abbreviations
// ("ИП") stay as written.
std::string GenitivePosition(std::string_view position);

// "действующего" or, for a woman, "действующей": the participle after the name in "в лице ...,
// действующего на основании Устава".
std::string ActingParticiple(PersonGender gender);

}  // namespace crm::common::ru
