#include "services/registry/domain/text.h"

#include <gtest/gtest.h>

namespace crm::registry {
namespace {

TEST(TrimTest, RemovesAsciiWhitespaceAtBothEnds) {
  EXPECT_EQ(Trim("  \t СтройМаш \r\n"), "СтройМаш");
  EXPECT_EQ(Trim("a  b"), "a  b");
  EXPECT_EQ(Trim(" \n\t "), "");
  EXPECT_EQ(Trim(""), "");
}

TEST(Utf8Test, AcceptsWellFormedTextOnly) {
  EXPECT_TRUE(IsValidUtf8("ООО «СтройМаш» 😀"));
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("\xD0"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\x80"));              // a lone continuation byte
}

TEST(Utf8Test, CountsCodePoints) {
  EXPECT_EQ(CharacterCount("СтройМаш"), 8u);
  EXPECT_EQ(CharacterCount("ab"), 2u);
  EXPECT_EQ(CharacterCount("😀"), 1u);
}

TEST(ControlCharactersTest, FindsC0DelAndC1) {
  EXPECT_FALSE(HasControlCharacters("обычный текст"));
  EXPECT_TRUE(HasControlCharacters(std::string("a\0b", 3)));
  EXPECT_TRUE(HasControlCharacters("a\nb"));
  EXPECT_TRUE(HasControlCharacters("a\x7f"));
  EXPECT_TRUE(HasControlCharacters("a\xC2\x85"));  // U+0085 NEXT LINE
  EXPECT_FALSE(HasControlCharacters("a\nb\tc", /*line_breaks=*/true));
  EXPECT_TRUE(HasControlCharacters("a\x01", /*line_breaks=*/true));
}

TEST(CheckTextTest, TrimsThenChecks) {
  std::string value = "  Волга  ";
  EXPECT_FALSE(CheckText(value, {.required = true}));
  EXPECT_EQ(value, "Волга");

  std::string blank = "   ";
  EXPECT_TRUE(CheckText(blank, {.required = true}));
  EXPECT_FALSE(CheckText(blank, {.required = false}));

  std::string exactly(500, 'x');
  EXPECT_FALSE(CheckText(exactly, {.max_characters = 500}));
  std::string cyrillic;
  for (int i = 0; i < 501; ++i) {
    cyrillic += "ё";
  }
  EXPECT_TRUE(CheckText(cyrillic, {.max_characters = 500}));

  std::string multiline = "строка 1\nстрока 2";
  EXPECT_TRUE(CheckText(multiline, {}));
  EXPECT_FALSE(CheckText(multiline, {.line_breaks = true}));
}

TEST(CheckEmailTest, AcceptsPlausibleAddresses) {
  EXPECT_FALSE(CheckEmail("info@sberbank.ru"));
  EXPECT_FALSE(CheckEmail("first.last+tag@mail.expo-volga.ru"));
  EXPECT_FALSE(CheckEmail("почта@пример.рф"));
  for (const char* bad : {"", "@", "a@", "@b.ru", "a@b", "a@@b.ru", "a b@c.ru", "a@b..ru", "a@.ru",
                          "a@b.ru.", "a,b@c.ru", "<a@b.ru>"}) {
    EXPECT_TRUE(CheckEmail(bad)) << bad;
  }
  EXPECT_TRUE(CheckEmail(std::string(250, 'a') + "@b.ru"));
}

TEST(CheckPhoneTest, AcceptsPhonesAsPeopleWriteThem) {
  EXPECT_FALSE(CheckPhone("+7 (846) 200-00-00"));
  EXPECT_FALSE(CheckPhone("88462000000"));
  EXPECT_FALSE(CheckPhone("20-00-0"));
  for (const char* bad : {"", "1234", "+7 846 abc", "8-800-555-35-35 доб. 1", "+7.846.200.00.00",
                          "123456789012345678901"}) {
    EXPECT_TRUE(CheckPhone(bad)) << bad;
  }
}

}  // namespace
}  // namespace crm::registry
