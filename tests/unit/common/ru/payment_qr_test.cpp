#include "common/ru/payment_qr.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace crm::common::ru {
namespace {

PaymentRequisites Sample() {
  PaymentRequisites r;
  r.payee_name = "ООО «Экспо-Волга»";
  r.payee_account = "40702810854400012345";
  r.bank_name = "ПАО Сбербанк";
  r.bik = "043601607";
  r.correspondent_account = "30101810200000000607";
  r.payee_inn = "6316123456";
  r.payee_kpp = "631601001";
  r.sum_kopecks = 12200000;
  r.purpose = "Оплата по счёту № 2026-000017 от 26.11.2026";
  return r;
}

std::size_t Characters(const std::string& text) {
  std::size_t count = 0;
  for (const char c : text) {
    count += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
  }
  return count;
}

TEST(PaymentQrPayloadTest, HasTheStandardsHeaderAndFieldsInOrder) {
  EXPECT_EQ(PaymentQrPayload(Sample()),
            "ST00012|Name=ООО «Экспо-Волга»|PersonalAcc=40702810854400012345|"
            "BankName=ПАО Сбербанк|BIC=043601607|CorrespAcc=30101810200000000607|Sum=12200000|"
            "Purpose=Оплата по счёту № 2026-000017 от 26.11.2026|PayeeINN=6316123456|"
            "KPP=631601001");
}

TEST(PaymentQrPayloadTest, OptionalFieldsAreLeftOutWhenEmpty) {
  PaymentRequisites r = Sample();
  r.sum_kopecks = 0;
  r.purpose.clear();
  r.payee_kpp.clear();
  EXPECT_EQ(PaymentQrPayload(r),
            "ST00012|Name=ООО «Экспо-Волга»|PersonalAcc=40702810854400012345|"
            "BankName=ПАО Сбербанк|BIC=043601607|CorrespAcc=30101810200000000607|"
            "PayeeINN=6316123456");
}

TEST(PaymentQrPayloadTest, SeparatorsControlsAndNoBreakSpacesBecomeOneSpace) {
  PaymentRequisites r = Sample();
  r.payee_name = "  ООО |Экспо|\t\nВолга ";
  r.purpose =
      "Сумма 122\xC2\xA0"
      "000,00\xC2\x85руб.";
  const std::string payload = PaymentQrPayload(r);
  EXPECT_NE(payload.find("|Name=ООО Экспо Волга|"), std::string::npos) << payload;
  EXPECT_NE(payload.find("|Purpose=Сумма 122 000,00 руб.|"), std::string::npos) << payload;
  // Exactly the ten fields' separators: none smuggled in by a value.
  EXPECT_EQ(std::count(payload.begin(), payload.end(), '|'), 9);
}

TEST(PaymentQrPayloadTest, LongTextIsCutAtTheStandardsBoundOnACharacterBoundary) {
  PaymentRequisites r = Sample();
  r.bank_name.clear();
  for (int i = 0; i < 60; ++i) {
    r.bank_name += "Ж";
  }
  r.purpose.clear();
  for (int i = 0; i < 300; ++i) {
    r.purpose += "ё";
  }
  const std::string payload = PaymentQrPayload(r);
  const auto field = [&payload](const std::string& key) {
    const std::size_t start = payload.find("|" + key + "=") + key.size() + 2;
    return payload.substr(start, payload.find('|', start) - start);
  };
  EXPECT_EQ(Characters(field("BankName")), kQrBankNameMax);
  EXPECT_EQ(field("BankName").size(), 2 * kQrBankNameMax);  // whole two-byte letters
  EXPECT_EQ(Characters(field("Purpose")), kQrPurposeMax);
}

TEST(PaymentQrPayloadTest, MissingMandatoryFieldOrNegativeSumIsRefused) {
  PaymentRequisites r = Sample();
  r.bik = " | ";
  try {
    PaymentQrPayload(r);
    FAIL() << "an empty BIC was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("BIC"), std::string::npos);
  }
  r = Sample();
  r.sum_kopecks = -1;
  EXPECT_THROW(PaymentQrPayload(r), std::invalid_argument);
}

}  // namespace
}  // namespace crm::common::ru
