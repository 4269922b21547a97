#include "services/registry/domain/client_rules.h"

#include <algorithm>

#include "services/registry/domain/geography.h"

namespace crm::registry {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool IsIndividualLegalForm(v1::LegalForm form) {
  return form == v1::LEGAL_FORM_IP || form == v1::LEGAL_FORM_KFH;
}

const std::vector<Industry>& Industries() {
  static const std::vector<Industry> kIndustries = {
      {"agro", "Сельское хозяйство и пищевая промышленность"},
      {"construction", "Строительство и строительные материалы"},
      {"machinery", "Машиностроение и металлообработка"},
      {"energy", "Энергетика, нефть и газ"},
      {"transport", "Транспорт и логистика"},
      {"it", "Информационные технологии и связь"},
      {"medicine", "Медицина и фармацевтика"},
      {"furniture", "Мебель и деревообработка"},
      {"chemistry", "Химия и пластмассы"},
      {"consumer", "Товары народного потребления"},
      {"services", "Услуги для бизнеса"},
      {"education", "Образование и наука"},
      {"tourism", "Туризм и гостеприимство"},
      {"finance", "Финансы и страхование"},
      {"government", "Органы власти и общественные организации"},
      {"other", "Прочее"},
  };
  return kIndustries;
}

bool IsIndustryCode(std::string_view code) {
  const auto& industries = Industries();
  return std::any_of(industries.begin(), industries.end(),
                     [&](const Industry& industry) { return industry.code == code; });
}

std::optional<std::string> CheckOkvedCode(std::string_view code) {
  // As OKVED 2 writes them: XX, XX.X, XX.XX, XX.XX.X, XX.XX.XX.
  const std::string problem = "must be an OKVED 2 code like 41, 41.2, 41.20, 41.20.1 or 01.11.11";
  if (code.size() < 2 || !IsDigit(code[0]) || !IsDigit(code[1])) {
    return problem;
  }
  std::size_t i = 2;
  int groups = 0;
  while (i < code.size()) {
    if (code[i] != '.' || groups == 2) {
      return problem;
    }
    ++i;
    std::size_t digits = 0;
    while (i < code.size() && IsDigit(code[i])) {
      ++i;
      ++digits;
    }
    if (digits == 0 || digits > 2) {
      return problem;
    }
    // Only the last group may have one digit: "41.2" and "41.20.1", never "41.2.1".
    if (digits == 1 && i < code.size()) {
      return problem;
    }
    ++groups;
  }
  if (code.substr(0, 2) == "00") {
    return problem;
  }
  return std::nullopt;
}

std::string AddressLine(const v1::Address& address) {
  std::string line;
  const auto add = [&](std::string_view part) {
    if (part.empty()) {
      return;
    }
    if (!line.empty()) {
      line += ", ";
    }
    line += part;
  };
  add(address.postal_code());
  if (auto region = FindRegion(address.region_code())) {
    // A city of federal significance is its own region: name it once.
    if (region->name != address.city()) {
      add(region->name);
    }
  }
  add(address.city());
  add(address.street_line());
  return line;
}

bool IsEmptyAddress(const v1::Address& address) {
  return address.postal_code().empty() && address.region_code().empty() && address.city().empty() &&
         address.street_line().empty();
}

v1::Geography GeographyOf(const v1::Client& client) {
  const v1::Address& source = client.legal_address_details().region_code().empty()
                                  ? client.postal_address()
                                  : client.legal_address_details();
  v1::Geography geography;
  geography.set_city(source.city());
  if (auto region = FindRegion(source.region_code())) {
    geography.set_region_code(std::string(region->code));
    geography.set_region(std::string(region->name));
    if (auto district = FindFederalDistrict(region->district_code)) {
      geography.set_federal_district_code(std::string(district->code));
      geography.set_federal_district(std::string(district->name));
    }
  }
  return geography;
}

}  // namespace crm::registry
