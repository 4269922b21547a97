# Script mode: writes OUT, a C++ file defining NAMESPACE::Queries() from the SQL FILES.
#
# Each file holds named statements, each introduced by a line `-- name: <statement_name>`; the
# text up to the next such line (or the end) is the statement, as it can be pasted into psql.
# Lines before the first marker describe the file and are not embedded. Names are unique across
# the files of a service; an empty statement or a repeated name fails the build.
cmake_policy(SET CMP0057 NEW)
set(body "")
set(seen_names "")
foreach(f ${FILES})
  file(READ ${f} content)
  # Keep SQL semicolons and square brackets out of CMake's list splitting.
  string(REPLACE ";" "@CRM_SEMICOLON@" content "${content}")
  string(REPLACE "[" "@CRM_LB@" content "${content}")
  string(REPLACE "]" "@CRM_RB@" content "${content}")
  string(REPLACE "\n" ";" lines "${content}")
  set(name "")
  set(sql "")
  set(entries "")
  foreach(line IN LISTS lines)
    if(line MATCHES "^-- name: ([a-z0-9_]+)[ \t]*$")
      if(NOT name STREQUAL "")
        list(APPEND entries "${name}=${sql}")
      endif()
      set(name "${CMAKE_MATCH_1}")
      set(sql "")
    elseif(NOT name STREQUAL "")
      string(APPEND sql "${line}\n")
    endif()
  endforeach()
  if(NOT name STREQUAL "")
    list(APPEND entries "${name}=${sql}")
  endif()
  if(entries STREQUAL "")
    message(FATAL_ERROR "${f}: no `-- name: <statement>` line, so no statement")
  endif()
  foreach(entry IN LISTS entries)
    string(FIND "${entry}" "=" eq)
    string(SUBSTRING "${entry}" 0 ${eq} statement)
    math(EXPR start "${eq} + 1")
    string(SUBSTRING "${entry}" ${start} -1 text)
    string(STRIP "${text}" text)
    string(REPLACE "@CRM_SEMICOLON@" ";" text "${text}")
    string(REPLACE "@CRM_LB@" "[" text "${text}")
    string(REPLACE "@CRM_RB@" "]" text "${text}")
    string(REGEX REPLACE ";$" "" text "${text}")
    if(text STREQUAL "")
      message(FATAL_ERROR "${f}: statement ${statement} is empty")
    endif()
    if(statement IN_LIST seen_names)
      message(FATAL_ERROR "${f}: statement ${statement} is named twice")
    endif()
    list(APPEND seen_names ${statement})
    string(APPEND body "      {\"${statement}\", R\"crm_sql(${text})crm_sql\"},\n")
  endforeach()
endforeach()
file(WRITE ${OUT}.tmp "// Generated from store/sql/*.sql; do not edit.
#include <vector>

#include \"common/db/pool.h\"

namespace ${NAMESPACE} {
const std::vector<crm::common::db::NamedQuery>& Queries() {
  static const std::vector<crm::common::db::NamedQuery> kQueries = {
${body}  };
  return kQueries;
}
}  // namespace ${NAMESPACE}
")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
