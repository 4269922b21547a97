# Shared build helpers: proto libraries, embedded migrations, service binaries.

# crm_proto_library(NAME ROOT dir PROTOS relative/paths.proto... [GRPC] [DEPS targets...])
# One static library per proto package, generated into ${CMAKE_BINARY_DIR}/gen with the same
# relative paths as under ROOT, so `#include "crm/registry/v1/registry.pb.h"` works everywhere.
# gRPC stubs only when GRPC is given.
function(crm_proto_library name)
  cmake_parse_arguments(ARG "GRPC" "ROOT" "PROTOS;DEPS" ${ARGN})
  set(out ${CMAKE_BINARY_DIR}/gen)
  file(MAKE_DIRECTORY ${out})
  set(sources "")
  set(inputs "")
  foreach(rel ${ARG_PROTOS})
    string(REGEX REPLACE "\\.proto$" "" stem ${rel})
    list(APPEND inputs ${ARG_ROOT}/${rel})
    set(outputs ${out}/${stem}.pb.cc ${out}/${stem}.pb.h)
    set(plugin_args "")
    if(ARG_GRPC)
      list(APPEND outputs ${out}/${stem}.grpc.pb.cc ${out}/${stem}.grpc.pb.h)
      set(plugin_args --grpc_out=${out}
          --plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>)
    endif()
    add_custom_command(
      OUTPUT ${outputs}
      COMMAND protobuf::protoc -I${ARG_ROOT} -I${CMAKE_SOURCE_DIR}/proto -I${CRM_GOOGLEAPIS_DIR}
              --cpp_out=${out} ${plugin_args} ${rel}
      WORKING_DIRECTORY ${ARG_ROOT}
      DEPENDS ${ARG_ROOT}/${rel} protobuf::protoc
      COMMENT "protoc ${rel}")
    list(APPEND sources ${outputs})
  endforeach()
  add_library(${name} STATIC ${sources})
  crm_compile_as_generated_code(${name})
  target_include_directories(${name} SYSTEM PUBLIC ${out})
  target_link_libraries(${name} PUBLIC protobuf::libprotobuf ${ARG_DEPS})
  if(ARG_GRPC)
    target_link_libraries(${name} PUBLIC gRPC::grpc++)
  endif()
endfunction()

# crm_embed_migrations(TARGET DIR NAMESPACE) compiles DIR/NNNN_name.sql into TARGET as the
# function `NAMESPACE::Migrations()` returning std::vector<crm::common::db::Migration>, so a binary
# carries its schema and needs no files at run time (a Kubernetes migration Job runs the image).
function(crm_embed_migrations target dir namespace)
  file(GLOB sql_files CONFIGURE_DEPENDS ${dir}/*.sql)
  list(SORT sql_files)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${target}_migrations.cpp)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} "-DFILES=${sql_files}" -DNAMESPACE=${namespace}
            -P ${CMAKE_SOURCE_DIR}/cmake/EmbedMigrations.cmake
    DEPENDS ${sql_files} ${CMAKE_SOURCE_DIR}/cmake/EmbedMigrations.cmake
    COMMENT "Embedding migrations for ${target}"
    VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()

# crm_embed_queries(TARGET DIR NAMESPACE): the named SQL statements of DIR/*.sql (a service's
# store/sql) compiled into TARGET as NAMESPACE::Queries(), a std::vector<common::db::NamedQuery>
# that the pool prepares on every connection (format: cmake/EmbedQueries.cmake). Every statement as
# prepared, fragments pasted in, is also written to <build>/<dir of TARGET>/TARGET_queries.sql
# for pasting into psql.
function(crm_embed_queries target dir namespace)
  file(GLOB sql_files CONFIGURE_DEPENDS ${dir}/*.sql)
  list(SORT sql_files)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${target}_queries.cpp)
  set(out_sql ${CMAKE_CURRENT_BINARY_DIR}/${target}_queries.sql)
  add_custom_command(
    OUTPUT ${out} ${out_sql}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DOUT_SQL=${out_sql} "-DFILES=${sql_files}"
            -DNAMESPACE=${namespace}
            -P ${CMAKE_SOURCE_DIR}/cmake/EmbedQueries.cmake
    DEPENDS ${sql_files} ${CMAKE_SOURCE_DIR}/cmake/EmbedQueries.cmake
    COMMENT "Embedding SQL statements for ${target}"
    VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()
