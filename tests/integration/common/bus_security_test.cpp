// NATS with a user per service and TLS (docs/operations.md, "Bus security"): a nats-server of
// the test's own, configured with the users file the deployments use
// (k8s/components/nats-users/crm-users.conf), TLS required and client certificates verified.
#include <gtest/gtest.h>

#include <fstream>
#include <pqxx/pqxx>

#include "common/bus/consumer.h"
#include "common/bus/migrations.h"
#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "common/db/migrations.h"
#include "crm/events/v1/registry_topics.h"
#include "tests/support/eventually.h"
#include "tests/support/read_file.h"
#include "tests/support/secured_nats.h"
#include "tests/support/test_environment.h"

namespace crm::common {
namespace {

using crm::testing::Eventually;
using crm::testing::TestEnvironment;

const std::vector<db::Migration> kItems = {
    {1, "items", "CREATE TABLE items (id text PRIMARY KEY, name text NOT NULL)"},
};

std::vector<db::MigrationSet> Sets() { return {{"bus", &bus::Migrations()}, {"test", &kItems}}; }

long long Count(const std::string& url, const std::string& sql) {
  pqxx::connection c(url);
  pqxx::read_transaction tx(c);
  return tx.exec1(sql)[0].as<long long>();
}

class BusSecurity : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { nats_ = new crm::testing::SecuredNats(); }
  static void TearDownTestSuite() { delete nats_; }

  void SetUp() override {
    db_url_ = TestEnvironment::Get().FreshDatabase("bus_security");
    db::ApplyMigrations(db_url_, Sets());
    pool_ = std::make_unique<db::Pool>(db_url_, 4, std::vector<db::NamedQuery>{});
    // Every test starts with empty streams.
    bus::NatsClient nats(As("operator"), "test-cleanup");
    ASSERT_TRUE(nats.WaitConnected(std::chrono::seconds(5)));
    for (const char* stream : {"CRM", "CRM_DLQ"}) {
      js_DeleteStream(nats.js(), stream, nullptr, nullptr);
    }
  }

  static NatsAccess As(const std::string& user) { return nats_->As(user); }

  // Messages in the event stream, as the operator sees them.
  static uint64_t StreamMessages(const std::string& subject) {
    bus::NatsClient nats(As("operator"), "test-count");
    EXPECT_TRUE(nats.WaitConnected(std::chrono::seconds(5)));
    jsOptions options;
    jsOptions_Init(&options);
    options.Stream.Info.SubjectsFilter = subject.c_str();
    jsStreamInfo* info = nullptr;
    if (js_GetStreamInfo(&info, nats.js(), "CRM", &options, nullptr) != NATS_OK) {
      return 0;
    }
    uint64_t count = 0;
    if (info->State.Subjects != nullptr) {
      for (int i = 0; i < info->State.Subjects->Count; ++i) {
        count += info->State.Subjects->List[i].Msgs;
      }
    }
    jsStreamInfo_Destroy(info);
    return count;
  }

  void EnqueueClients(int n) {
    pool_->InTransaction([&](pqxx::work& tx) {
      for (int i = 0; i < n; ++i) {
        events::v1::ClientCreated ev;
        ev.mutable_client()->set_client("clients/" + NewUuid());
        ev.mutable_client()->set_display_name("client " + std::to_string(i));
        bus::EnqueueEvent(tx, events::v1::kClientCreated, ev.client().client(), ev);
      }
    });
  }

  // Planning's consumer of the registry's events, with planning's user: each client.created
  // becomes a row of `items`.
  std::unique_ptr<bus::EventConsumer> PlanningConsumer() {
    bus::ConsumerOptions options;
    options.durable = "planning-registry";
    options.filter_subject = "crm.registry.>";
    bus::EventRouter router;
    router.On(events::v1::kClientCreated,
              [](pqxx::work& tx, const events::v1::ClientCreated& ev, const bus::InboundEvent&) {
                tx.exec_params("INSERT INTO items (id, name) VALUES ($1, $2)", ev.client().client(),
                               ev.client().display_name());
              });
    return std::make_unique<bus::EventConsumer>(*pool_, As("planning"), bus::StreamLayout{},
                                                options, std::move(router));
  }

  // Refused at once, or still not connected after two seconds.
  static bool NeverConnects(const NatsAccess& access) {
    try {
      bus::NatsClient nats(access, "test-refused");
      return !nats.WaitConnected(std::chrono::seconds(2));
    } catch (const bus::NatsAccessError&) {
      return true;
    }
  }

  static std::string AccessErrorOf(const NatsAccess& access) {
    try {
      bus::NatsClient nats(access, "test-refused");
    } catch (const bus::NatsAccessError& e) {
      return e.what();
    }
    return "no error";
  }

  static crm::testing::SecuredNats* nats_;
  std::string db_url_;
  std::unique_ptr<db::Pool> pool_;
};

crm::testing::SecuredNats* BusSecurity::nats_ = nullptr;

// The registry's relay publishes its events with its own user, and planning's consumer (its
// durable consumer planning-registry) receives them with its own.
TEST_F(BusSecurity, AServicePublishesItsOwnEventsAndTheyAreConsumed) {
  bus::OutboxRelay relay(db_url_, As("registry"), "registry", bus::StreamLayout{});
  auto consumer = PlanningConsumer();
  EnqueueClients(5);
  relay.Start();
  consumer->Start();
  EXPECT_TRUE(Eventually([&] { return Count(db_url_, "SELECT count(*) FROM items") == 5; },
                         std::chrono::seconds(20)))
      << crm::testing::ReadAll(nats_->server().LogPath());
  consumer->Stop();
  relay.Stop();
  EXPECT_EQ(Count(db_url_, "SELECT count(*) FROM outbox WHERE published_at IS NULL"), 0);
  EXPECT_EQ(StreamMessages("crm.registry.>"), 5u);
}

// A rotated password: once the file holds the new one and the server has restarted with it, the
// relay and the consumer, refused with the old one on reconnecting, connect again with the file's.
TEST_F(BusSecurity, ARotatedPasswordIsTakenUpWithoutARestart) {
  bus::RelayOptions relay_options;
  relay_options.idle_poll = std::chrono::milliseconds(100);
  bus::OutboxRelay relay(db_url_, As("registry"), "registry", bus::StreamLayout{}, relay_options);
  auto consumer = PlanningConsumer();
  relay.Start();
  consumer->Start();
  EnqueueClients(2);
  ASSERT_TRUE(Eventually([&] { return Count(db_url_, "SELECT count(*) FROM items") == 2; },
                         std::chrono::seconds(20)));
  nats_->ChangePassword("registry");
  nats_->ChangePassword("planning");
  EnqueueClients(3);
  EXPECT_TRUE(Eventually([&] { return Count(db_url_, "SELECT count(*) FROM items") == 5; },
                         std::chrono::seconds(30)))
      << crm::testing::ReadAll(nats_->server().LogPath());
  consumer->Stop();
  relay.Stop();
}

// Planning's user cannot publish the registry's events: the publish gets no acknowledgement, the
// server reports the permission violation, and the stream holds nothing of it. Planning's relay
// with registry events in its outbox leaves them unpublished.
TEST_F(BusSecurity, AServiceCannotPublishAnothersEvents) {
  {
    bus::NatsClient operator_client(As("operator"), "test-streams");
    ASSERT_TRUE(operator_client.WaitConnected(std::chrono::seconds(5)));
    operator_client.EnsureStreams(bus::StreamLayout{});
  }
  bus::NatsClient planning(As("planning"), "test-planning");
  ASSERT_TRUE(planning.WaitConnected(std::chrono::seconds(5)));
  jsPubOptions options;
  jsPubOptions_Init(&options);
  options.MaxWait = 1000;
  jsPubAck* ack = nullptr;
  const std::string payload = "{}";
  const natsStatus refused =
      js_Publish(&ack, planning.js(), "crm.registry.client.created", payload.data(),
                 static_cast<int>(payload.size()), &options, nullptr);
  jsPubAck_Destroy(ack);
  EXPECT_NE(refused, NATS_OK);
  const char* last_error = nullptr;
  natsConnection_GetLastError(planning.connection(), &last_error);
  EXPECT_NE(std::string(last_error != nullptr ? last_error : "").find("Permissions Violation"),
            std::string::npos)
      << (last_error != nullptr ? last_error : "");
  // Its own subject goes through on the same connection.
  ack = nullptr;
  EXPECT_EQ(js_Publish(&ack, planning.js(), "crm.planning.sale.recorded", payload.data(),
                       static_cast<int>(payload.size()), &options, nullptr),
            NATS_OK);
  jsPubAck_Destroy(ack);

  bus::RelayOptions relay_options;
  relay_options.ack_timeout = std::chrono::milliseconds(500);
  relay_options.idle_poll = std::chrono::milliseconds(100);
  bus::OutboxRelay relay(db_url_, As("planning"), "planning", bus::StreamLayout{}, relay_options);
  EnqueueClients(3);
  relay.Start();
  std::this_thread::sleep_for(std::chrono::seconds(3));
  relay.Stop();
  EXPECT_EQ(Count(db_url_, "SELECT count(*) FROM outbox WHERE published_at IS NULL"), 3);
  EXPECT_EQ(StreamMessages("crm.registry.>"), 0u);
  EXPECT_EQ(StreamMessages("crm.planning.>"), 1u);
}

// A wrong password, no credentials, or an unreadable password file are refused at once with the
// variable to fix named and the secret nowhere in the text.
TEST_F(BusSecurity, WrongCredentialsAreRefusedNamingTheVariableNotTheSecret) {
  NatsAccess wrong = As("registry");
  const crm::testing::TempDir dir("crm-wrong-password");
  wrong.password_file = (dir.path() / "wrong.password").string();
  std::ofstream(wrong.password_file) << "not-the-password-0123\n";
  std::string error = AccessErrorOf(wrong);
  EXPECT_NE(error.find("CRM_NATS_USER=registry"), std::string::npos) << error;
  EXPECT_NE(error.find("CRM_NATS_PASSWORD_FILE"), std::string::npos) << error;
  EXPECT_EQ(error.find("not-the-password-0123"), std::string::npos) << error;

  // Planning's password is not the registry's.
  NatsAccess swapped = As("registry");
  swapped.password_file = As("planning").password_file;
  EXPECT_NE(AccessErrorOf(swapped).find("refused the user CRM_NATS_USER=registry"),
            std::string::npos);

  NatsAccess anonymous = As("registry");
  anonymous.user.clear();
  anonymous.password_file.clear();
  error = AccessErrorOf(anonymous);
  EXPECT_NE(error.find("requires credentials"), std::string::npos) << error;

  NatsAccess missing = As("registry");
  missing.password_file = (dir.path() / "no-such-file").string();
  error = AccessErrorOf(missing);
  EXPECT_NE(error.find("cannot read CRM_NATS_PASSWORD_FILE"), std::string::npos) << error;
}

// The server requires TLS and a client certificate of the CA; the client verifies the server's
// certificate against CRM_NATS_TLS_CA_FILE and its name.
TEST_F(BusSecurity, TlsIsRequiredAndTheServerIsVerified) {
  NatsAccess plain = As("registry");
  plain.tls = {};
  std::string error = AccessErrorOf(plain);
  EXPECT_NE(error.find("requires TLS: set CRM_NATS_TLS_CA_FILE"), std::string::npos) << error;

  NatsAccess stranger = As("registry");
  stranger.tls.ca_file = nats_->pki().stranger_ca_cert.string();
  error = AccessErrorOf(stranger);
  EXPECT_NE(error.find("TLS with NATS"), std::string::npos) << error;
  EXPECT_NE(error.find("CRM_NATS_TLS_CA_FILE"), std::string::npos) << error;

  // The server asks for a client certificate of its CA. With TLS 1.3 it refuses one after the
  // client's side of the handshake is done, so the client may take the refusal for a network
  // fault and keep trying: either way it never gets a connection.
  NatsAccess no_certificate = As("registry");
  no_certificate.tls = nats_->pki().Client(/*with_certificate=*/false);
  EXPECT_TRUE(NeverConnects(no_certificate));
  NatsAccess foreign_certificate = As("registry");
  foreign_certificate.tls.cert_file = nats_->pki().stranger_cert.string();
  foreign_certificate.tls.key_file = nats_->pki().stranger_key.string();
  EXPECT_TRUE(NeverConnects(foreign_certificate));

  // By its address the certificate's name is not checked, but the chain still is.
  NatsAccess by_address = As("registry");
  by_address.url = "nats://127.0.0.1:" + std::to_string(nats_->server().Port());
  bus::NatsClient verified(by_address, "test-by-address");
  EXPECT_TRUE(verified.WaitConnected(std::chrono::seconds(5)));
  by_address.tls.ca_file = nats_->pki().stranger_ca_cert.string();
  EXPECT_NE(AccessErrorOf(by_address), "no error");
}

// Half a configuration is reported at start with the variables to set, like every other setting.
TEST(NatsConfig, InconsistentSettingsAreReportedTogether) {
  EnvReader env({{"CRM_NATS_USER", "registry"},
                 {"CRM_NATS_TOKEN_FILE", "/etc/crm/nats/token"},
                 {"CRM_NATS_TLS_CERT_FILE", "/etc/crm/nats-tls/tls.crt"}});
  NatsAccessFromEnv(env);
  try {
    env.Validate();
    FAIL() << "an inconsistent NATS configuration was accepted";
  } catch (const std::runtime_error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("CRM_NATS_USER and CRM_NATS_PASSWORD_FILE"), std::string::npos);
    EXPECT_NE(message.find("CRM_NATS_USER or CRM_NATS_TOKEN_FILE, not both"), std::string::npos);
    EXPECT_NE(message.find("CRM_NATS_TLS_CERT_FILE and CRM_NATS_TLS_KEY_FILE"), std::string::npos);
    EXPECT_NE(message.find("needs CRM_NATS_TLS_CA_FILE"), std::string::npos) << message;
  }
  EnvReader good({{"CRM_NATS_URL", "nats://nats.nats.svc:4222"},
                  {"CRM_NATS_USER", "registry"},
                  {"CRM_NATS_PASSWORD_FILE", "/etc/crm/nats/password"},
                  {"CRM_NATS_TLS_CA_FILE", "/etc/crm/nats-tls/ca.crt"}});
  const NatsAccess access = NatsAccessFromEnv(good);
  EXPECT_NO_THROW(good.Validate());
  EXPECT_EQ(access.user, "registry");
  EXPECT_EQ(access.tls.ca_file, "/etc/crm/nats-tls/ca.crt");
}

// The URL of a log line or an error never carries a password or a token.
TEST(NatsUrl, CredentialsInTheUrlAreRedacted) {
  EXPECT_EQ(RedactedUrl("nats://registry:s3cret@nats:4222"), "nats://registry:***@nats:4222");
  EXPECT_EQ(RedactedUrl("tls://t0ken@nats:4222,nats://a:b@other:4222"),
            "tls://***@nats:4222,nats://a:***@other:4222");
  EXPECT_EQ(RedactedUrl("nats://nats.nats.svc:4222"), "nats://nats.nats.svc:4222");
}

}  // namespace
}  // namespace crm::common
