#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>

#include "services/registry/render/address_labels_pdf.h"
#include "tests/support/temp_dir.h"

namespace crm::registry {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

AddressLabel Sample(int i) {
  return {.addressee = "ООО «Волга-" + std::to_string(i) + "»",
          .contact_person = "Петрову Ивану Сергеевичу",
          .street = "ул. Молодогвардейская, д. " + std::to_string(i),
          .locality = "г. Самара",
          .district = "",
          .region = "Самарская обл.",
          .postal_code = "443001"};
}

class AddressLabelsTest : public ::testing::Test {
 protected:
  // pdftotext's (or pdfinfo's) output for `pdf`.
  std::string Tool(const std::string& tool, const std::string& pdf) {
    const std::string path =
        (dir_.path() / ("labels" + std::to_string(++files_) + ".pdf")).string();
    std::ofstream(path, std::ios::binary) << pdf;
    const std::string output_to = tool == "pdfinfo" ? "" : " -";  // pdftotext writes to stdout
    FILE* pipe = popen((tool + " '" + path + "'" + output_to).c_str(), "r");
    if (pipe == nullptr) {
      throw std::runtime_error("popen failed");
    }
    std::string output;
    std::array<char, 4096> buffer{};
    std::size_t read = 0;
    while ((read = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
      output.append(buffer.data(), read);
    }
    EXPECT_EQ(pclose(pipe), 0) << tool;
    return output;
  }

  int Pages(const std::string& pdf) {
    const std::string info = Tool("pdfinfo", pdf);
    const std::size_t at = info.find("Pages:");
    return at == std::string::npos ? 0 : std::atoi(info.c_str() + at + 6);
  }

  crm::testing::TempDir dir_{"labels"};
  int files_ = 0;
};

TEST(AddressLabelLines, FollowRussianPostOrderWithoutEmptyParts) {
  AddressLabel label = Sample(1);
  label.district = "Волжский р-н";
  EXPECT_THAT(AddressLabelLines(label), ElementsAre("ООО «Волга-1»", "Петрову Ивану Сергеевичу",
                                                    "ул. Молодогвардейская, д. 1", "г. Самара",
                                                    "Волжский р-н", "Самарская обл.", "443001"));
  label.contact_person.clear();
  label.district.clear();
  EXPECT_THAT(AddressLabelLines(label), ElementsAre("ООО «Волга-1»", "ул. Молодогвардейская, д. 1",
                                                    "г. Самара", "Самарская обл.", "443001"));
}

TEST_F(AddressLabelsTest, TwentyFiveLabelsTakeTwoSheetsAndReadBackInCyrillic) {
  std::vector<AddressLabel> labels;
  for (int i = 1; i <= 25; ++i) {
    labels.push_back(Sample(i));
  }
  const std::string pdf = RenderAddressLabels(labels, {});
  ASSERT_TRUE(pdf.starts_with("%PDF-"));
  EXPECT_EQ(Pages(pdf), 2);
  const std::string text = Tool("pdftotext -raw", pdf);
  EXPECT_THAT(text, HasSubstr("ООО «Волга-1»\nПетрову Ивану Сергеевичу\nул. Молодогвардейская, д. "
                              "1\nг. Самара\nСамарская обл.\n443001"));
  EXPECT_THAT(text, HasSubstr("ООО «Волга-25»"));
  // The 25th label opens the second sheet.
  const std::size_t page_break = text.find('\f');
  ASSERT_NE(page_break, std::string::npos);
  EXPECT_GT(text.find("ООО «Волга-25»"), page_break);
  EXPECT_LT(text.find("ООО «Волга-24»"), page_break);
}

// Every word pdftotext finds with its box: {xMin, yMin, xMax, yMax} in points.
std::vector<std::array<double, 4>> WordBoxes(const std::string& bbox_html) {
  std::vector<std::array<double, 4>> boxes;
  std::size_t at = 0;
  while ((at = bbox_html.find("<word xMin=\"", at)) != std::string::npos) {
    std::array<double, 4> box{};
    const char* p = bbox_html.c_str() + at;
    std::sscanf(p, R"(<word xMin="%lf" yMin="%lf" xMax="%lf" yMax="%lf")", box.data(), &box[1],
                &box[2], &box[3]);
    boxes.push_back(box);
    ++at;
  }
  return boxes;
}

TEST_F(AddressLabelsTest, LongTextWrapsShrinksOrIsCutButStaysOnItsLabel) {
  constexpr double kLabelWidth = 70.0 * 72.0 / 25.4;
  constexpr double kLabelHeight = 37.0 * 72.0 / 25.4;
  constexpr double kTop = 0.5 * 72.0 / 25.4;  // 8 x 37 mm leave 1 mm of the page's 297
  AddressLabel long_one = Sample(1);
  long_one.addressee =
      "Общество с ограниченной ответственностью «Научно-производственное объединение "
      "Средневолжского машиностроительного завода имени Героев Отечества»";
  AddressLabel huge = Sample(2);
  for (int i = 0; i < 40; ++i) {
    huge.street += " корпус " + std::to_string(i);
  }
  const std::string pdf = RenderAddressLabels({long_one, huge, Sample(3)}, {});
  const std::string text = Tool("pdftotext -raw", pdf);
  EXPECT_THAT(text, HasSubstr("ООО «Волга-3»"));
  const auto boxes = WordBoxes(Tool("pdftotext -bbox", pdf));
  ASSERT_FALSE(boxes.empty());
  int on_first_two = 0;
  for (const auto& box : boxes) {
    const int column = static_cast<int>(box[0] / kLabelWidth);
    if (box[1] >= kTop + kLabelHeight || column > 1) {
      continue;  // the third label, and nothing else, is elsewhere
    }
    ++on_first_two;
    EXPECT_LE(box[2], (column + 1) * kLabelWidth + 0.5) << "a word crosses its label's right edge";
    EXPECT_LE(box[3], kTop + kLabelHeight + 0.5) << "a word crosses its label's bottom edge";
  }
  EXPECT_GT(on_first_two, 10);
  // The squeezed label still ends with its postal code.
  EXPECT_THAT(text, HasSubstr("443001"));
}

TEST_F(AddressLabelsTest, AnEmptyListIsOneBlankSheet) {
  const std::string pdf = RenderAddressLabels({}, {});
  EXPECT_EQ(Pages(pdf), 1);
  EXPECT_THAT(Tool("pdftotext -raw", pdf), Not(HasSubstr("Самара")));
}

TEST(AddressLabels, SheetsThatDoNotFitA4AreRejected) {
  EXPECT_THROW(RenderAddressLabels({}, {.columns = 4}), std::invalid_argument);
  EXPECT_THROW(RenderAddressLabels({}, {.rows = 0}), std::invalid_argument);
  EXPECT_THROW(RenderAddressLabels({}, {.label_height_mm = 6.0}), std::invalid_argument);
  EXPECT_NO_THROW(RenderAddressLabels(
      {Sample(1)}, {.columns = 2, .rows = 7, .label_width_mm = 105.0, .label_height_mm = 42.4}));
}

}  // namespace
}  // namespace crm::registry
