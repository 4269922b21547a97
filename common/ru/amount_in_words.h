#pragma once

// Russian numbers and amounts in words ("сумма прописью") for invoices and acts. All text is
// UTF-8.

#include <cstdint>
#include <string>
#include <string_view>

namespace crm::common::ru {

// Grammatical gender of the counted noun: it changes "один/одна/одно" and "два/две".
enum class Gender { kMasculine, kFeminine, kNeuter };

// The noun form that agrees with `n`: `one` for 1, 21, 101...; `few` for 2–4, 22–24...; `many`
// for 0, 5–20, 25–30... and always for numbers ending in 11–14. The sign of `n` is ignored.
std::string_view PluralForm(int64_t n, std::string_view one, std::string_view few,
                            std::string_view many);

// `n` in lower-case Russian words agreeing with a noun of gender `g`:
// NumberInWords(122000, kMasculine) == "сто двадцать две тысячи"; 0 is "ноль", negative numbers
// start with "минус".
std::string NumberInWords(int64_t n, Gender g);

// An amount for a document: roubles in words, then kopecks as two digits, with the first letter
// capitalised: 201 -> "Два рубля 01 копейка". Negative amounts read "Минус два рубля 01 копейка".
std::string AmountInWords(int64_t kopecks);

}  // namespace crm::common::ru
