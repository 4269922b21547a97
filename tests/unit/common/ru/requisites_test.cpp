#include "common/ru/requisites.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace crm::common::ru {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;

// Real, checksum-valid requisites: Sberbank (ИНН, ОГРН, БИК and correspondent account in
// Moscow and St Petersburg), a sole trader's ИНН and ОГРНИП, and Tinkoff Bank's БИК and
// correspondent account.
constexpr char kLegalInn[] = "7707083893";
constexpr char kIndividualInn[] = "500100732259";
constexpr char kOgrn[] = "1027700132195";
constexpr char kOgrnip[] = "304500116000157";
constexpr char kSberBik[] = "044525225";
constexpr char kSberCorrAccount[] = "30101810400000000225";
constexpr char kTinkoffBik[] = "044525974";
constexpr char kTinkoffCorrAccount[] = "30101810145250000974";
constexpr char kSberSpbBik[] = "044030653";
constexpr char kSberSpbCorrAccount[] = "30101810500000000653";
// Settlement accounts whose control digit (the 9th) was computed for the bank above.
constexpr char kSberSettlementAccount[] = "40702810938000012345";
constexpr char kTinkoffSettlementAccount[] = "40702810800000001234";

// `value` with the digit at `index` replaced by the next digit, to break a checksum.
std::string WithDigitChanged(std::string value, size_t index) {
  value[index] = static_cast<char>('0' + (value[index] - '0' + 1) % 10);
  return value;
}

TEST(ValidateInnTest, AcceptsValidLegalEntityInn) {
  EXPECT_EQ(ValidateInn(kLegalInn), std::nullopt);
  EXPECT_EQ(ValidateInn("7736050003"), std::nullopt);  // Gazprom
}

TEST(ValidateInnTest, AcceptsValidIndividualInn) {
  EXPECT_EQ(ValidateInn(kIndividualInn), std::nullopt);
}

TEST(ValidateInnTest, RejectsWrongLength) {
  for (const char* inn : {"", "770708389", "77070838931", "5001007322591", "7"}) {
    EXPECT_THAT(ValidateInn(inn), Optional(HasSubstr("must be 10 or 12 digits"))) << inn;
  }
}

TEST(ValidateInnTest, RejectsNonDigits) {
  for (const char* inn : {"77070838a3", "7707 83893", "-707083893", "50010073225X", "А77083893"}) {
    EXPECT_THAT(ValidateInn(inn), Optional(HasSubstr("must be 10 or 12 digits"))) << inn;
  }
}

TEST(ValidateInnTest, RejectsWrongChecksumOfLegalEntityInn) {
  EXPECT_THAT(ValidateInn("7707083894"), Optional(HasSubstr("checksum does not match")));
  EXPECT_THAT(ValidateInn(WithDigitChanged(kLegalInn, 0)),
              Optional(HasSubstr("checksum does not match")));
}

TEST(ValidateInnTest, RejectsWrongEitherChecksumOfIndividualInn) {
  EXPECT_THAT(ValidateInn(WithDigitChanged(kIndividualInn, 10)),
              Optional(HasSubstr("checksum does not match")));
  EXPECT_THAT(ValidateInn(WithDigitChanged(kIndividualInn, 11)),
              Optional(HasSubstr("checksum does not match")));
  EXPECT_THAT(ValidateInn(WithDigitChanged(kIndividualInn, 3)),
              Optional(HasSubstr("checksum does not match")));
}

TEST(ValidateInnTest, EveryDigitTakesPartInTheChecksum) {
  for (size_t i = 0; i < 10; ++i) {
    EXPECT_NE(ValidateInn(WithDigitChanged(kLegalInn, i)), std::nullopt) << i;
  }
  for (size_t i = 0; i < 12; ++i) {
    EXPECT_NE(ValidateInn(WithDigitChanged(kIndividualInn, i)), std::nullopt) << i;
  }
}

TEST(InnKindOfTest, ClassifiesByLength) {
  EXPECT_EQ(InnKindOf(kLegalInn), InnKind::kLegalEntity);
  EXPECT_EQ(InnKindOf(kIndividualInn), InnKind::kIndividual);
}

TEST(InnKindOfTest, InvalidInnHasNoKind) {
  EXPECT_EQ(InnKindOf(""), std::nullopt);
  EXPECT_EQ(InnKindOf("7707083894"), std::nullopt);
  EXPECT_EQ(InnKindOf("12345"), std::nullopt);
}

TEST(ValidateKppTest, AcceptsDigitsAndUppercaseReasonCode) {
  EXPECT_EQ(ValidateKpp("773601001"), std::nullopt);
  EXPECT_EQ(ValidateKpp("7736AB001"), std::nullopt);
  EXPECT_EQ(ValidateKpp("77360Z001"), std::nullopt);
  EXPECT_EQ(ValidateKpp("7736Z0001"), std::nullopt);
}

TEST(ValidateKppTest, RejectsWrongLength) {
  for (const char* kpp : {"", "77360100", "7736010011", "7"}) {
    EXPECT_THAT(ValidateKpp(kpp), Optional(HasSubstr("KPP must be 9 characters"))) << kpp;
  }
}

TEST(ValidateKppTest, RejectsLettersOutsideTheReasonCode) {
  for (const char* kpp : {"A73601001", "773A01001", "7736010A1", "77360100Z"}) {
    EXPECT_NE(ValidateKpp(kpp), std::nullopt) << kpp;
  }
}

TEST(ValidateKppTest, RejectsLowercaseAndOtherCharacters) {
  for (const char* kpp : {"7736ab001", "7736a1001", "7736 1001", "7736-1001", "7736@[001"}) {
    EXPECT_NE(ValidateKpp(kpp), std::nullopt) << kpp;
  }
}

TEST(ValidateOgrnTest, AcceptsValidOgrnAndOgrnip) {
  EXPECT_EQ(ValidateOgrn(kOgrn), std::nullopt);
  EXPECT_EQ(ValidateOgrn(kOgrnip), std::nullopt);
}

TEST(ValidateOgrnTest, RejectsWrongLength) {
  for (const char* ogrn : {"", "102770013219", "10277001321950", "3045001160001570"}) {
    EXPECT_THAT(ValidateOgrn(ogrn), Optional(HasSubstr("must be 13 digits"))) << ogrn;
  }
}

TEST(ValidateOgrnTest, RejectsNonDigits) {
  EXPECT_THAT(ValidateOgrn("102770013219A"), Optional(HasSubstr("must be 13 digits")));
  EXPECT_THAT(ValidateOgrn("30450011600015 "), Optional(HasSubstr("must be 13 digits")));
}

TEST(ValidateOgrnTest, RejectsWrongChecksum) {
  EXPECT_THAT(ValidateOgrn("1027700132196"), Optional(HasSubstr("OGRN checksum does not match")));
  EXPECT_THAT(ValidateOgrn(WithDigitChanged(kOgrn, 5)), Optional(HasSubstr("checksum")));
  EXPECT_THAT(ValidateOgrn("304500116000158"),
              Optional(HasSubstr("OGRNIP checksum does not match")));
  EXPECT_THAT(ValidateOgrn(WithDigitChanged(kOgrnip, 2)), Optional(HasSubstr("checksum")));
}

TEST(ValidateBikTest, AcceptsValidBik) {
  EXPECT_EQ(ValidateBik(kSberBik), std::nullopt);
  EXPECT_EQ(ValidateBik(kTinkoffBik), std::nullopt);
}

TEST(ValidateBikTest, RejectsWrongLengthAndLetters) {
  for (const char* bik : {"", "04452522", "0445252250", "04452522A", "04452 225"}) {
    EXPECT_THAT(ValidateBik(bik), Optional(HasSubstr("9 digits"))) << bik;
  }
}

TEST(ValidateBikTest, RejectsCountryCodeOtherThan04) {
  EXPECT_THAT(ValidateBik("144525225"), Optional(HasSubstr("start with 04")));
  EXPECT_THAT(ValidateBik("054525225"), Optional(HasSubstr("start with 04")));
}

TEST(ValidateSettlementAccountTest, AcceptsAccountMatchingBik) {
  EXPECT_EQ(ValidateSettlementAccount(kSberSettlementAccount, kSberBik), std::nullopt);
  EXPECT_EQ(ValidateSettlementAccount(kTinkoffSettlementAccount, kTinkoffBik), std::nullopt);
}

TEST(ValidateSettlementAccountTest, RejectsAccountOfAnotherBank) {
  EXPECT_THAT(ValidateSettlementAccount(kSberSettlementAccount, kTinkoffBik),
              Optional(HasSubstr("control key does not match")));
}

TEST(ValidateSettlementAccountTest, RejectsChangedDigit) {
  for (size_t i = 0; i < 20; ++i) {
    EXPECT_THAT(ValidateSettlementAccount(WithDigitChanged(kSberSettlementAccount, i), kSberBik),
                Optional(HasSubstr("control key does not match")))
        << i;
  }
}

TEST(ValidateSettlementAccountTest, RejectsWrongLengthAndLetters) {
  for (const char* account :
       {"", "4070281093800001234", "407028109380000123456", "4070281093800001234A"}) {
    EXPECT_THAT(ValidateSettlementAccount(account, kSberBik),
                Optional(HasSubstr("must be exactly 20 digits")))
        << account;
  }
}

TEST(ValidateSettlementAccountTest, RejectsInvalidBik) {
  EXPECT_THAT(ValidateSettlementAccount(kSberSettlementAccount, ""),
              Optional(HasSubstr("BIK must be exactly 9 digits")));
  EXPECT_THAT(ValidateSettlementAccount(kSberSettlementAccount, "144525225"),
              Optional(HasSubstr("BIK must start with 04")));
}

TEST(ValidateCorrespondentAccountTest, AcceptsRealCorrespondentAccounts) {
  EXPECT_EQ(ValidateCorrespondentAccount(kSberCorrAccount, kSberBik), std::nullopt);
  EXPECT_EQ(ValidateCorrespondentAccount(kTinkoffCorrAccount, kTinkoffBik), std::nullopt);
  EXPECT_EQ(ValidateCorrespondentAccount(kSberSpbCorrAccount, kSberSpbBik), std::nullopt);
}

TEST(ValidateCorrespondentAccountTest, UsesDifferentKeyThanSettlementAccount) {
  // The same 20 digits are keyed by different БИК digits for the two kinds of account.
  EXPECT_NE(ValidateSettlementAccount(kSberCorrAccount, kSberBik), std::nullopt);
  EXPECT_NE(ValidateCorrespondentAccount(kSberSettlementAccount, kSberBik), std::nullopt);
}

TEST(ValidateCorrespondentAccountTest, RejectsWrongChecksumLengthAndBik) {
  EXPECT_THAT(ValidateCorrespondentAccount(WithDigitChanged(kSberCorrAccount, 19), kSberBik),
              Optional(HasSubstr("control key does not match")));
  // Both Moscow banks share the division digits "52" of the BIK; St Petersburg is "03".
  EXPECT_EQ(ValidateCorrespondentAccount(kSberCorrAccount, kTinkoffBik), std::nullopt);
  EXPECT_THAT(ValidateCorrespondentAccount(kSberCorrAccount, kSberSpbBik),
              Optional(HasSubstr("control key does not match")));
  EXPECT_THAT(ValidateCorrespondentAccount("", kSberBik),
              Optional(HasSubstr("must be exactly 20 digits")));
  EXPECT_THAT(ValidateCorrespondentAccount("3010181040000000022X", kSberBik),
              Optional(HasSubstr("must be exactly 20 digits")));
  EXPECT_THAT(ValidateCorrespondentAccount(kSberCorrAccount, "04452522"),
              Optional(HasSubstr("BIK")));
}

TEST(RequisitesMessagesTest, NameTheField) {
  EXPECT_THAT(ValidateInn(""), Optional(HasSubstr("INN")));
  EXPECT_THAT(ValidateKpp(""), Optional(HasSubstr("KPP")));
  EXPECT_THAT(ValidateOgrn(""), Optional(HasSubstr("OGRN")));
  EXPECT_THAT(ValidateBik(""), Optional(HasSubstr("BIK")));
  EXPECT_THAT(ValidateSettlementAccount("", kSberBik), Optional(HasSubstr("Settlement account")));
  EXPECT_THAT(ValidateCorrespondentAccount("", kSberBik),
              Optional(HasSubstr("Correspondent account")));
}

TEST(CheckBankAccountTest, AcceptsAValidAccountWithOrWithoutCorrespondentAccount) {
  const BankAccountProblems full =
      CheckBankAccount(kSberBik, kSberSettlementAccount, kSberCorrAccount, true);
  EXPECT_EQ(full.bik, std::nullopt);
  EXPECT_EQ(full.settlement_account, std::nullopt);
  EXPECT_EQ(full.correspondent_account, std::nullopt);
  EXPECT_EQ(
      CheckBankAccount(kTinkoffBik, kTinkoffSettlementAccount, "", false).correspondent_account,
      std::nullopt);
  EXPECT_THAT(
      CheckBankAccount(kTinkoffBik, kTinkoffSettlementAccount, "", true).correspondent_account,
      Optional(std::string("is required")));
}

TEST(CheckBankAccountTest, ABadBikIsReportedOnceOnTheBik) {
  const BankAccountProblems bad_bik =
      CheckBankAccount("144525225", kSberSettlementAccount, kSberCorrAccount, true);
  EXPECT_THAT(bad_bik.bik, Optional(HasSubstr("start with 04")));
  EXPECT_EQ(bad_bik.settlement_account, std::nullopt);
  EXPECT_EQ(bad_bik.correspondent_account, std::nullopt);
  // Only the accounts' shape is checked then.
  const BankAccountProblems shapes = CheckBankAccount("", "4070281093800001234", "x", true);
  EXPECT_THAT(shapes.bik, Optional(std::string("is required")));
  EXPECT_THAT(shapes.settlement_account, Optional(std::string("must be 20 digits")));
  EXPECT_THAT(shapes.correspondent_account, Optional(std::string("must be 20 digits")));
}

TEST(CheckBankAccountTest, AccountsAreCheckedAgainstAValidBik) {
  const BankAccountProblems other_bank =
      CheckBankAccount(kTinkoffBik, kSberSettlementAccount, kSberSpbCorrAccount, true);
  EXPECT_EQ(other_bank.bik, std::nullopt);
  EXPECT_THAT(other_bank.settlement_account, Optional(HasSubstr("control key")));
  EXPECT_THAT(other_bank.correspondent_account, Optional(HasSubstr("control key")));
  EXPECT_THAT(CheckBankAccount(kSberBik, "", "", false).settlement_account,
              Optional(std::string("is required")));
}

}  // namespace
}  // namespace crm::common::ru
