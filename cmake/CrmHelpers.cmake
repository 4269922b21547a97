# Shared build helpers: proto libraries, embedded migrations, service binaries.

# crm_proto_library(NAME PROTOS files... [GRPC] [DEPS targets...])
# One static library per proto package; gRPC stubs only when GRPC is given.
function(crm_proto_library name)
  cmake_parse_arguments(ARG "GRPC" "" "PROTOS;DEPS" ${ARGN})
  add_library(${name} STATIC)
  target_link_libraries(${name} PUBLIC protobuf::libprotobuf ${ARG_DEPS})
  if(ARG_GRPC)
    target_link_libraries(${name} PUBLIC gRPC::grpc++)
  endif()
  set(out ${CMAKE_BINARY_DIR}/gen)
  file(MAKE_DIRECTORY ${out})
  target_include_directories(${name} SYSTEM PUBLIC ${out})
  set(import_dirs ${CMAKE_SOURCE_DIR}/proto ${CRM_GOOGLEAPIS_DIR})
  protobuf_generate(TARGET ${name} LANGUAGE cpp PROTOS ${ARG_PROTOS}
                    IMPORT_DIRS ${import_dirs} PROTOC_OUT_DIR ${out})
  if(ARG_GRPC)
    protobuf_generate(TARGET ${name} LANGUAGE grpc PROTOS ${ARG_PROTOS}
                      GENERATE_EXTENSIONS .grpc.pb.h .grpc.pb.cc
                      PLUGIN "protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>"
                      IMPORT_DIRS ${import_dirs} PROTOC_OUT_DIR ${out})
  endif()
endfunction()

# crm_embed_migrations(TARGET DIR) compiles DIR/NNNN_name.sql into TARGET as the table
# crm::common::db::MigrationSource returned by `EmbeddedMigrations()`, so a binary carries its
# schema and needs no files at run time (a Kubernetes migration Job runs the image as is).
function(crm_embed_migrations target dir)
  file(GLOB sql_files CONFIGURE_DEPENDS ${dir}/*.sql)
  list(SORT sql_files)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${target}_migrations.cpp)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} "-DFILES=${sql_files}"
            -P ${CMAKE_SOURCE_DIR}/cmake/EmbedMigrations.cmake
    DEPENDS ${sql_files} ${CMAKE_SOURCE_DIR}/cmake/EmbedMigrations.cmake
    COMMENT "Embedding migrations for ${target}")
  target_sources(${target} PRIVATE ${out})
endfunction()
