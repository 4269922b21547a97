# Build-time settings: what keeps a cold build and an edit-compile cycle short (figures and the
# way to measure them: docs/development.md, "Build time"). Nearly every translation unit parses
# gRPC, protobuf, libpqxx and tens of thousands of lines of generated headers, and then emits the
# same inline code again; the levers are fewer translation units where nobody edits one file at a
# time, less optimisation and debug information where nobody looks at it, and a faster linker.

option(CRM_UNITY_BUILD
       "Compile test code, generated gRPC code and other batched targets as unity batches" ON)

# lld links the large test and service binaries several times faster than GNU ld (tools/bootstrap
# installs it; without it the default linker is used).
include(CheckLinkerFlag)
check_linker_flag(CXX "-fuse-ld=lld" CRM_HAVE_LLD)
option(CRM_USE_LLD "Link with lld when the compiler accepts -fuse-ld=lld" ON)
if(CRM_USE_LLD AND CRM_HAVE_LLD)
  add_link_options(-fuse-ld=lld)
endif()

# RelWithDebInfo (the default, and what CI builds) keeps line tables only (-g1): crash backtraces,
# sanitizer reports and profiles still name file and line, while the type and variable
# information only a debugger reads, over a quarter of a handler's compile time (13.4 against 9.8
# CPU seconds for registry's group_api.cpp), is left to a Debug build (-DCMAKE_BUILD_TYPE=Debug).
option(CRM_LINE_TABLES_ONLY "RelWithDebInfo keeps line tables only (-g1)" ON)
if(CRM_LINE_TABLES_ONLY)
  add_compile_options($<$<CONFIG:RelWithDebInfo>:-g1>)
endif()

# crm_compile_as_test_code(): for the targets the calling directory (and its subdirectories)
# defines afterwards. Test code is compiled
# - in unity batches of up to 8 files: a test file costs mostly the headers it parses and the
#   inline code of generated messages it instantiates, which a batch does once;
# - at -Og instead of -O2: the code under test lives in the service libraries, which keep the
#   build type's flags, so tests run what ships.
# Files in one batch share a translation unit: names in anonymous namespaces must not clash
# (shared test helpers live in tests/support).
macro(crm_compile_as_test_code)
  if(CRM_UNITY_BUILD)
    set(CMAKE_UNITY_BUILD ON)
    set(CMAKE_UNITY_BUILD_BATCH_SIZE 8)
  endif()
  add_compile_options($<$<NOT:$<CONFIG:Debug>>:-Og>)
endmacro()

# crm_unity_build(TARGET [BATCH_SIZE n] [ALONE files...]): compiles TARGET's sources in unity
# batches of n files (default 6), except the files listed in ALONE. For targets whose files all
# parse the same heavy headers, such as the command line's command groups (each of which also
# compiles the header-only CLI11 once per translation unit).
function(crm_unity_build target)
  cmake_parse_arguments(ARG "" "BATCH_SIZE" "ALONE" ${ARGN})
  if(NOT ARG_BATCH_SIZE)
    set(ARG_BATCH_SIZE 6)
  endif()
  if(NOT CRM_UNITY_BUILD)
    return()
  endif()
  set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE
                                             ${ARG_BATCH_SIZE})
  if(ARG_ALONE)
    set_source_files_properties(${ARG_ALONE} PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
  endif()
endfunction()

# crm_service_unity_build(TARGET [ALONE files...]): a service library in unity batches of 6,
# except its gRPC handlers (api/*.cpp), which compile one by one so that editing a handler
# recompiles that handler only, and the files listed in ALONE.
function(crm_service_unity_build target)
  cmake_parse_arguments(ARG "" "" "ALONE" ${ARGN})
  get_target_property(sources ${target} SOURCES)
  list(FILTER sources INCLUDE REGEX "^api/")
  crm_unity_build(${target} BATCH_SIZE 6 ALONE ${sources} ${ARG_ALONE})
endfunction()

# crm_compile_as_generated_code(TARGET): generated protobuf and gRPC code, which nobody steps
# through in a debugger, keeps line tables only (-g1) in RelWithDebInfo even when the rest of the
# tree does not. Its .grpc.pb.cc files, which all parse the gRPC headers, compile as one unity
# batch per library; each .pb.cc keeps its own translation unit, since protoc gives every one the
# same file-level static names.
function(crm_compile_as_generated_code target)
  target_compile_options(${target} PRIVATE $<$<CONFIG:RelWithDebInfo>:-g1>)
  if(CRM_FUZZ)
    # The fuzz targets look for bugs in our code, not protoc's: no sanitizers, faster to build.
    target_compile_options(${target} PRIVATE -fno-sanitize=all)
  endif()
  if(NOT CRM_UNITY_BUILD)
    return()
  endif()
  get_target_property(sources ${target} SOURCES)
  set(grpc_sources ${sources})
  list(FILTER grpc_sources INCLUDE REGEX "\\.grpc\\.pb\\.cc$")
  list(LENGTH grpc_sources grpc_count)
  if(grpc_count LESS 2)
    return()
  endif()
  set(message_sources ${sources})
  list(FILTER message_sources EXCLUDE REGEX "\\.grpc\\.pb\\.cc$")
  set_source_files_properties(${message_sources} PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
  set_source_files_properties(${grpc_sources} PROPERTIES UNITY_GROUP grpc)
  set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_MODE GROUP)
endfunction()
