#pragma once

#include <string>
#include <vector>

// Printable address labels for a mailing: A4 sheets of self-adhesive labels, each label one
// addressee in the order Russian Post asks for (addressee, contact person, street line,
// locality, district, region, postal code; each on its own line). A pure function from plain
// structs to PDF bytes (pango + cairo, DejaVu Sans embedded), free of protobuf and gRPC.
namespace crm::registry {

struct AddressLabel {
  std::string addressee;       // the company, e.g. "ООО «СтройМаш»"
  std::string contact_person;  // "" when the letter goes to the company
  std::string street;          // "ул. Ленина, д. 1, оф. 12"
  std::string locality;        // "г. Самара"
  std::string district;        // "" for cities
  std::string region;          // "Самарская обл."
  std::string postal_code;     // six digits
};

// A label sheet; the default is the common 3 x 8 sheet of 70 x 37 mm labels (A4, no gaps).
struct LabelSheet {
  int columns = 3;
  int rows = 8;
  double label_width_mm = 70.0;
  double label_height_mm = 37.0;
  // Space kept clear inside each label's edges.
  double padding_mm = 4.0;
};

// Throws std::invalid_argument when the labels do not fit on A4 or the sheet is empty, and
// std::runtime_error when cairo fails. Long lines wrap; text too tall for a label is set smaller
// (down to 6 pt), then cut with an ellipsis, so every label stays within its own edges.
std::string RenderAddressLabels(const std::vector<AddressLabel>& labels, const LabelSheet& sheet);

// The lines of one label, in print order, empty parts left out.
std::vector<std::string> AddressLabelLines(const AddressLabel& label);

}  // namespace crm::registry
