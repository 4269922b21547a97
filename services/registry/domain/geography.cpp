#include "services/registry/domain/geography.h"

#include <algorithm>

namespace crm::registry {

const std::vector<FederalDistrict>& FederalDistricts() {
  static const std::vector<FederalDistrict> kDistricts = {
      {"CENTRAL", "Центральный федеральный округ"},
      {"NORTHWESTERN", "Северо-Западный федеральный округ"},
      {"SOUTHERN", "Южный федеральный округ"},
      {"NORTH_CAUCASIAN", "Северо-Кавказский федеральный округ"},
      {"VOLGA", "Приволжский федеральный округ"},
      {"URAL", "Уральский федеральный округ"},
      {"SIBERIAN", "Сибирский федеральный округ"},
      {"FAR_EASTERN", "Дальневосточный федеральный округ"},
  };
  return kDistricts;
}

const std::vector<Region>& Regions() {
  static const std::vector<Region> kRegions = {
      {"01", "Республика Адыгея", "SOUTHERN"},
      {"02", "Республика Башкортостан", "VOLGA"},
      {"03", "Республика Бурятия", "FAR_EASTERN"},
      {"04", "Республика Алтай", "SIBERIAN"},
      {"05", "Республика Дагестан", "NORTH_CAUCASIAN"},
      {"06", "Республика Ингушетия", "NORTH_CAUCASIAN"},
      {"07", "Кабардино-Балкарская Республика", "NORTH_CAUCASIAN"},
      {"08", "Республика Калмыкия", "SOUTHERN"},
      {"09", "Карачаево-Черкесская Республика", "NORTH_CAUCASIAN"},
      {"10", "Республика Карелия", "NORTHWESTERN"},
      {"11", "Республика Коми", "NORTHWESTERN"},
      {"12", "Республика Марий Эл", "VOLGA"},
      {"13", "Республика Мордовия", "VOLGA"},
      {"14", "Республика Саха (Якутия)", "FAR_EASTERN"},
      {"15", "Республика Северная Осетия — Алания", "NORTH_CAUCASIAN"},
      {"16", "Республика Татарстан", "VOLGA"},
      {"17", "Республика Тыва", "SIBERIAN"},
      {"18", "Удмуртская Республика", "VOLGA"},
      {"19", "Республика Хакасия", "SIBERIAN"},
      {"20", "Чеченская Республика", "NORTH_CAUCASIAN"},
      {"21", "Чувашская Республика", "VOLGA"},
      {"22", "Алтайский край", "SIBERIAN"},
      {"23", "Краснодарский край", "SOUTHERN"},
      {"24", "Красноярский край", "SIBERIAN"},
      {"25", "Приморский край", "FAR_EASTERN"},
      {"26", "Ставропольский край", "NORTH_CAUCASIAN"},
      {"27", "Хабаровский край", "FAR_EASTERN"},
      {"28", "Амурская область", "FAR_EASTERN"},
      {"29", "Архангельская область", "NORTHWESTERN"},
      {"30", "Астраханская область", "SOUTHERN"},
      {"31", "Белгородская область", "CENTRAL"},
      {"32", "Брянская область", "CENTRAL"},
      {"33", "Владимирская область", "CENTRAL"},
      {"34", "Волгоградская область", "SOUTHERN"},
      {"35", "Вологодская область", "NORTHWESTERN"},
      {"36", "Воронежская область", "CENTRAL"},
      {"37", "Ивановская область", "CENTRAL"},
      {"38", "Иркутская область", "SIBERIAN"},
      {"39", "Калининградская область", "NORTHWESTERN"},
      {"40", "Калужская область", "CENTRAL"},
      {"41", "Камчатский край", "FAR_EASTERN"},
      {"42", "Кемеровская область — Кузбасс", "SIBERIAN"},
      {"43", "Кировская область", "VOLGA"},
      {"44", "Костромская область", "CENTRAL"},
      {"45", "Курганская область", "URAL"},
      {"46", "Курская область", "CENTRAL"},
      {"47", "Ленинградская область", "NORTHWESTERN"},
      {"48", "Липецкая область", "CENTRAL"},
      {"49", "Магаданская область", "FAR_EASTERN"},
      {"50", "Московская область", "CENTRAL"},
      {"51", "Мурманская область", "NORTHWESTERN"},
      {"52", "Нижегородская область", "VOLGA"},
      {"53", "Новгородская область", "NORTHWESTERN"},
      {"54", "Новосибирская область", "SIBERIAN"},
      {"55", "Омская область", "SIBERIAN"},
      {"56", "Оренбургская область", "VOLGA"},
      {"57", "Орловская область", "CENTRAL"},
      {"58", "Пензенская область", "VOLGA"},
      {"59", "Пермский край", "VOLGA"},
      {"60", "Псковская область", "NORTHWESTERN"},
      {"61", "Ростовская область", "SOUTHERN"},
      {"62", "Рязанская область", "CENTRAL"},
      {"63", "Самарская область", "VOLGA"},
      {"64", "Саратовская область", "VOLGA"},
      {"65", "Сахалинская область", "FAR_EASTERN"},
      {"66", "Свердловская область", "URAL"},
      {"67", "Смоленская область", "CENTRAL"},
      {"68", "Тамбовская область", "CENTRAL"},
      {"69", "Тверская область", "CENTRAL"},
      {"70", "Томская область", "SIBERIAN"},
      {"71", "Тульская область", "CENTRAL"},
      {"72", "Тюменская область", "URAL"},
      {"73", "Ульяновская область", "VOLGA"},
      {"74", "Челябинская область", "URAL"},
      {"75", "Забайкальский край", "FAR_EASTERN"},
      {"76", "Ярославская область", "CENTRAL"},
      {"77", "Москва", "CENTRAL"},
      {"78", "Санкт-Петербург", "NORTHWESTERN"},
      {"79", "Еврейская автономная область", "FAR_EASTERN"},
      {"80", "Донецкая Народная Республика", "SOUTHERN"},
      {"81", "Луганская Народная Республика", "SOUTHERN"},
      {"83", "Ненецкий автономный округ", "NORTHWESTERN"},
      {"84", "Херсонская область", "SOUTHERN"},
      {"85", "Запорожская область", "SOUTHERN"},
      {"86", "Ханты-Мансийский автономный округ — Югра", "URAL"},
      {"87", "Чукотский автономный округ", "FAR_EASTERN"},
      {"89", "Ямало-Ненецкий автономный округ", "URAL"},
      {"91", "Республика Крым", "SOUTHERN"},
      {"92", "Севастополь", "SOUTHERN"},
  };
  return kRegions;
}

std::optional<Region> FindRegion(std::string_view code) {
  const auto& regions = Regions();
  auto it = std::find_if(regions.begin(), regions.end(),
                         [&](const Region& region) { return region.code == code; });
  if (it == regions.end()) {
    return std::nullopt;
  }
  return *it;
}

std::optional<FederalDistrict> FindFederalDistrict(std::string_view code) {
  const auto& districts = FederalDistricts();
  auto it = std::find_if(districts.begin(), districts.end(),
                         [&](const FederalDistrict& district) { return district.code == code; });
  if (it == districts.end()) {
    return std::nullopt;
  }
  return *it;
}

}  // namespace crm::registry
