# Script mode: writes OUT, a C++ file defining EmbeddedMigrations() from the SQL FILES.
set(body "")
foreach(f ${FILES})
  get_filename_component(base ${f} NAME_WE)
  string(REGEX MATCH "^([0-9]+)_(.*)$" _ ${base})
  if(NOT CMAKE_MATCH_1)
    message(FATAL_ERROR "Migration file name must be NNNN_name.sql: ${f}")
  endif()
  file(READ ${f} sql)
  math(EXPR version "${CMAKE_MATCH_1}")
  # A raw string literal with a delimiter no SQL file uses.
  string(APPEND body "      {${version}, \"${CMAKE_MATCH_2}\", R\"crm_sql(${sql})crm_sql\"},\n")
endforeach()
file(WRITE ${OUT}.tmp "// Generated from migrations/*.sql; do not edit.
#include \"common/db/migrations.h\"

namespace ${NAMESPACE} {
const std::vector<crm::common::db::Migration>& Migrations() {
  static const std::vector<crm::common::db::Migration> kMigrations = {
${body}  };
  return kMigrations;
}
}  // namespace ${NAMESPACE}
")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
