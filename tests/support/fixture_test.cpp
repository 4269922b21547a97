// Checks the shared fixture itself: real servers start, isolate tests, survive restarts, and
// child processes are cleaned up.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <nats/nats.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>
#include <set>
#include <string>

#include "tests/support/child_process.h"
#include "tests/support/eventually.h"
#include "tests/support/free_port.h"
#include "tests/support/nats_handles.h"
#include "tests/support/nats_server.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_environment.h"

namespace crm::testing {
namespace {

using std::chrono::milliseconds;

// True once `pid` is gone or a zombie (a container's PID 1 may never reap adopted children).
bool ProcessGone(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  if (!stat) {
    return true;
  }
  std::string line;
  std::getline(stat, line);
  size_t paren = line.rfind(')');
  return paren == std::string::npos || line.size() < paren + 3 || line[paren + 2] == 'Z';
}

void AddStream(jsCtx* js, const char* name, const char* subject) {
  jsStreamConfig config;
  jsStreamConfig_Init(&config);
  config.Name = name;
  const char* subjects[] = {subject};
  config.Subjects = subjects;
  config.SubjectsLen = 1;
  config.Storage = js_FileStorage;
  jsStreamInfo* raw_info = nullptr;
  jsErrCode error = static_cast<jsErrCode>(0);
  natsStatus s = js_AddStream(&raw_info, js, &config, nullptr, &error);
  JsStreamInfoPtr info(raw_info);
  CheckNats(s, "js_AddStream (error code " + std::to_string(error) + ")");
}

JsPubAckPtr Publish(jsCtx* js, const char* subject, const std::string& payload) {
  jsPubAck* raw_ack = nullptr;
  CheckNats(js_Publish(&raw_ack, js, subject, payload.data(), static_cast<int>(payload.size()),
                       nullptr, nullptr),
            "js_Publish");
  return JsPubAckPtr(raw_ack);
}

// Messages in `stream`, or -1 if it does not exist.
int64_t StreamMessages(jsCtx* js, const char* stream) {
  jsStreamInfo* raw_info = nullptr;
  natsStatus s = js_GetStreamInfo(&raw_info, js, stream, nullptr, nullptr);
  JsStreamInfoPtr info(raw_info);
  if (s == NATS_NOT_FOUND) {
    return -1;
  }
  CheckNats(s, "js_GetStreamInfo");
  return static_cast<int64_t>(info->State.Msgs);
}

TEST(PostgresFixture, AnswersQueries) {
  PostgresServer& server = TestEnvironment::Get().postgres();
  EXPECT_GT(server.Port(), 0);
  EXPECT_EQ(server.AdminUrl(),
            "postgresql://postgres@127.0.0.1:" + std::to_string(server.Port()) + "/postgres");

  pqxx::connection c{server.AdminUrl()};
  pqxx::work w{c};
  EXPECT_EQ(w.exec1("select 1")[0].as<int>(), 1);
  EXPECT_GE(w.exec1("show server_version_num")[0].as<int>(), 150000);
  EXPECT_EQ(w.exec1("show fsync")[0].as<std::string>(), "off");
  EXPECT_EQ(w.exec1("show max_connections")[0].as<int>(), 300);
}

TEST(PostgresFixture, FreshDatabasesAreSeparate) {
  TestEnvironment& env = TestEnvironment::Get();
  const std::string first = env.FreshDatabase("Fixture-Test");
  const std::string second = env.FreshDatabase("Fixture-Test");
  ASSERT_NE(first, second);

  pqxx::connection a{first};
  pqxx::connection b{second};
  EXPECT_NE(a.dbname(), b.dbname());
  {
    pqxx::work w{a};
    w.exec0("create table only_here (id int)");
    w.commit();
  }
  pqxx::work w{b};
  EXPECT_TRUE(w.exec1("select to_regclass('only_here') is null")[0].as<bool>());
}

TEST(PostgresFixture, CreateDatabaseReplacesAnOpenOne) {
  PostgresServer& server = TestEnvironment::Get().postgres();
  const std::string url = server.CreateDatabase("fixture_replace");
  pqxx::connection old_session{url};
  {
    pqxx::work w{old_session};
    w.exec0("create table stale (id int)");
    w.commit();
  }
  // FORCE disconnects the open session instead of failing.
  ASSERT_EQ(server.CreateDatabase("fixture_replace"), url);
  pqxx::connection c{url};
  pqxx::work w{c};
  EXPECT_TRUE(w.exec1("select to_regclass('stale') is null")[0].as<bool>());
}

TEST(PostgresFixture, RestartKeepsDataAndPort) {
  TestEnvironment& env = TestEnvironment::Get();
  const std::string url = env.FreshDatabase("fixture_restart");
  {
    pqxx::connection c{url};
    pqxx::work w{c};
    w.exec0("create table kept (v text)");
    w.exec0("insert into kept values ('still here')");
    w.commit();
  }
  PostgresServer& server = env.postgres();
  const int port = server.Port();
  server.Restart();
  EXPECT_EQ(server.Port(), port);

  pqxx::connection c{url};
  pqxx::work w{c};
  EXPECT_EQ(w.exec1("select v from kept")[0].as<std::string>(), "still here");
}

TEST(NatsFixture, JetStreamPublishIsAcknowledged) {
  const std::string url = TestEnvironment::Get().FreshNats();
  natsConnection* raw_connection = nullptr;
  ASSERT_EQ(natsConnection_ConnectTo(&raw_connection, url.c_str()), NATS_OK);
  NatsConnectionPtr connection(raw_connection);
  JsCtxPtr js = JetStream(connection.get());

  AddStream(js.get(), "FIXTURE", "fixture.>");
  JsPubAckPtr ack = Publish(js.get(), "fixture.hello", "hello");
  ASSERT_NE(ack, nullptr);
  EXPECT_STREQ(ack->Stream, "FIXTURE");
  EXPECT_EQ(ack->Sequence, 1u);
  EXPECT_FALSE(ack->Duplicate);
}

TEST(NatsFixture, FreshNatsDeletesAllStreams) {
  TestEnvironment& env = TestEnvironment::Get();
  NatsConnectionPtr connection = ConnectNats(env.FreshNats());
  JsCtxPtr js = JetStream(connection.get());
  AddStream(js.get(), "FIRST", "first.>");
  AddStream(js.get(), "SECOND", "second.>");
  Publish(js.get(), "first.x", "x");

  env.FreshNats();
  EXPECT_EQ(StreamMessages(js.get(), "FIRST"), -1);
  EXPECT_EQ(StreamMessages(js.get(), "SECOND"), -1);
  // And on an empty bus it is a no-op rather than an error.
  EXPECT_NO_THROW(env.nats().DeleteAllStreams());
}

// A private server, so the outage does not disturb the shared one.
TEST(NatsFixture, StreamsSurviveStopAndKill) {
  NatsServer server(TestEnvironment::Get().LogPath("nats-outage"));
  server.Start();
  ASSERT_TRUE(server.Running());
  const int port = server.Port();
  const int monitor_port = server.MonitorPort();
  EXPECT_EQ(server.Url(), "nats://127.0.0.1:" + std::to_string(port));
  {
    NatsConnectionPtr connection = ConnectNats(server.Url());
    JsCtxPtr js = JetStream(connection.get());
    AddStream(js.get(), "OUTAGE", "outage.>");
    for (int i = 0; i < 3; ++i) {
      Publish(js.get(), "outage.event", "event " + std::to_string(i));
    }
  }

  server.Stop();
  EXPECT_FALSE(server.Running());
  natsConnection* raw = nullptr;
  EXPECT_NE(natsConnection_ConnectTo(&raw, server.Url().c_str()), NATS_OK);
  NatsConnectionPtr refused(raw);

  server.Start();
  EXPECT_EQ(server.Port(), port);
  EXPECT_EQ(server.MonitorPort(), monitor_port);
  {
    NatsConnectionPtr connection = ConnectNats(server.Url());
    JsCtxPtr js = JetStream(connection.get());
    EXPECT_EQ(StreamMessages(js.get(), "OUTAGE"), 3);
    Publish(js.get(), "outage.event", "after restart");
  }

  // A crash loses nothing acknowledged either: the data are in the store dir's files.
  server.Kill();
  EXPECT_FALSE(server.Running());
  server.Start();
  NatsConnectionPtr connection = ConnectNats(server.Url());
  JsCtxPtr js = JetStream(connection.get());
  EXPECT_EQ(StreamMessages(js.get(), "OUTAGE"), 4);
}

TEST(ChildProcessTest, TerminateStopsSleep) {
  TempDir dir("crm-child");
  ChildProcess sleeper({"sleep", "100"}, {}, dir.path() / "sleep.log");
  const pid_t pid = sleeper.Pid();
  ASSERT_GT(pid, 0);
  EXPECT_TRUE(sleeper.Running());
  EXPECT_EQ(getpgid(pid), pid);  // Its own process group.

  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(sleeper.Terminate(), 128 + SIGTERM);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_FALSE(sleeper.Running());
  EXPECT_EQ(sleeper.ExitStatus(), 128 + SIGTERM);
  EXPECT_EQ(kill(pid, 0), -1);  // Reaped, not left a zombie.
}

TEST(ChildProcessTest, PassesEnvironmentAndCapturesOutput) {
  TempDir dir("crm-child");
  const auto log = dir.path() / "out.log";
  setenv("CRM_FIXTURE_INHERITED", "from parent", 1);
  ChildProcess child(
      {"sh", "-c",
       "echo \"$CRM_FIXTURE_INHERITED|$CRM_FIXTURE_EXTRA|$PWD\"; echo oops >&2; exit 3"},
      {{"CRM_FIXTURE_EXTRA", "override"}}, log, {.working_dir = dir.path(), .run_as_user = {}});
  unsetenv("CRM_FIXTURE_INHERITED");
  EXPECT_EQ(child.Wait(), 3);
  EXPECT_EQ(ReadFile(log), "from parent|override|" + dir.path().string() + "\noops\n");
}

TEST(ChildProcessTest, MissingProgramThrows) {
  EXPECT_THROW(ChildProcess({"crm-no-such-program"}, {}, ""), std::runtime_error);
  EXPECT_THROW(ChildProcess({"/nonexistent/crm-program"}, {}, ""), std::runtime_error);
}

TEST(ChildProcessTest, TerminateEscalatesAndClearsTheProcessGroup) {
  TempDir dir("crm-child");
  const auto log = dir.path() / "stubborn.log";
  // The shell ignores SIGTERM; its background sleep would outlive it without the group kill.
  ChildProcess stubborn({"sh", "-c", "trap '' TERM; sleep 100 & echo $!; wait"}, {}, log);
  ASSERT_TRUE(Eventually([&] { return ReadFile(log).find('\n') != std::string::npos; }));
  const pid_t grandchild = std::stoi(ReadFile(log));

  EXPECT_EQ(stubborn.Terminate(milliseconds(200)), 128 + SIGKILL);
  EXPECT_TRUE(Eventually([&] { return ProcessGone(grandchild); }, std::chrono::seconds(5)));
}

TEST(ChildProcessTest, ChildDiesWithItsParent) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t parent = fork();
  ASSERT_GE(parent, 0);
  if (parent == 0) {
    // Stands in for a test binary that crashes while a service runs.
    close(fds[0]);
    ChildProcess sleeper({"sleep", "100"}, {}, "");
    pid_t pid = sleeper.Pid();
    [[maybe_unused]] ssize_t written = write(fds[1], &pid, sizeof(pid));
    _exit(0);  // No destructors: only the kernel's parent-death signal can stop the sleep.
  }
  close(fds[1]);
  pid_t orphan = 0;
  ASSERT_EQ(read(fds[0], &orphan, sizeof(orphan)), static_cast<ssize_t>(sizeof(orphan)));
  close(fds[0]);
  int status = 0;
  ASSERT_EQ(waitpid(parent, &status, 0), parent);
  EXPECT_TRUE(Eventually([&] { return ProcessGone(orphan); }, std::chrono::seconds(5)));
}

TEST(SupportTest, FreeTcpPortAndEventually) {
  const int port = FreeTcpPort();
  EXPECT_GT(port, 0);
  EXPECT_LT(port, 65536);

  int calls = 0;
  EXPECT_TRUE(Eventually([&] { return ++calls == 3; }, milliseconds(1000), milliseconds(1)));
  EXPECT_FALSE(Eventually([] { return false; }, milliseconds(50), milliseconds(10)));
}

// Ports are reserved for the process that drew them (another open of the port's lock file cannot
// lock it, as another test process would try to), never drawn twice, and lie below the ephemeral
// range, where outgoing connections take their local ports.
TEST(SupportTest, FreeTcpPortsAreReservedDistinctAndNotEphemeral) {
  std::set<int> ports;
  for (int i = 0; i < 200; ++i) {
    ports.insert(FreeTcpPort());
  }
  EXPECT_EQ(ports.size(), 200U);
  int first_ephemeral = 0;
  std::ifstream("/proc/sys/net/ipv4/ip_local_port_range") >> first_ephemeral;
  EXPECT_LT(*ports.rbegin(), first_ephemeral);

  const char* tmp = std::getenv("TMPDIR");
  const std::filesystem::path lock_file =
      std::filesystem::path(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") / "crm-test-ports" /
      std::to_string(*ports.begin());
  const int fd = open(lock_file.c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_GE(fd, 0) << lock_file;
  EXPECT_NE(flock(fd, LOCK_EX | LOCK_NB), 0);
  EXPECT_EQ(errno, EWOULDBLOCK);
  close(fd);
}

TEST(SupportTest, TempDirIsRemoved) {
  std::filesystem::path path;
  {
    TempDir dir("crm-tempdir-test");
    path = dir.path();
    ASSERT_TRUE(std::filesystem::is_directory(path));
    std::filesystem::create_directories(path / "a" / "b");
    std::ofstream(path / "a" / "b" / "file") << "x";
  }
  if (const char* keep = std::getenv("CRM_KEEP_TEST_DIRS");
      keep == nullptr || std::string(keep) != "1") {
    EXPECT_FALSE(std::filesystem::exists(path));
  }
}

}  // namespace
}  // namespace crm::testing
