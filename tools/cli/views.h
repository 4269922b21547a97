#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "tools/cli/table.h"

// What the `crm` command line's default output shows of each resource: the columns that matter
// (a client's name, INN/KPP, city and state; a sale's client, edition, area and amount), formatted
// for a person (tools/cli/display.h). One place per resource type, found by the message type.
namespace crm::cli {

struct ViewColumn {
  TableColumn column;
  // The cell of one message of the view's type.
  std::function<std::string(const google::protobuf::Message&)> value;
  // The cell holds a resource name ("clients/…") that the table shows as what it names (the
  // client's display name) when the name can be resolved.
  bool resolve = false;
};

struct View {
  // kRows: a table, one row per resource. kFields: one record, one "label  value" line per
  // column (reports and figures).
  enum class Shape { kRows, kFields };
  Shape shape = Shape::kRows;
  std::vector<ViewColumn> columns;
};

// The view written for `type`, or nullptr.
const View* FindView(const google::protobuf::Descriptor& type);

// Columns for a type without a written view: its singular scalar, enum, time, date and money
// fields (not etags), formatted like the written views.
View GenericRowsView(const google::protobuf::Descriptor& type);

// One field of `message` as a cell: Timestamp as local time, google.type.Date as DD.MM.YYYY,
// crm.common.v1.Money and *_kopecks as roubles, *_dm2 as m², *_bp as %, enums without their
// prefix, repeated values joined with ", ". Other messages give "".
std::string FieldText(const google::protobuf::Message& message,
                      const google::protobuf::FieldDescriptor& field);

}  // namespace crm::cli
