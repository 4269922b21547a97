#include "services/gateway/http/http2_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <nghttp2/nghttp2.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>

#include "common/core/log.h"
#include "common/grpc/admin_server.h"

namespace crm::gateway {
namespace {

// One request/response exchange on a stream. The request thread fills the response; the
// connection thread sends it.
struct Exchange {
  HttpRequest request;
  std::mutex mutex;
  bool response_ready = false;
  bool submitted = false;
  HttpResponse head;    // status and headers (body moved to `pending`)
  std::string pending;  // body bytes not yet handed to nghttp2
  bool eof = false;
  bool deferred = false;  // nghttp2 waits for more data
  bool closed = false;    // the peer reset the stream or the connection ended
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Gateway& gateway, int fd, std::function<void(std::function<void()>)> spawn)
      : gateway_(gateway), fd_(fd), wake_(eventfd(0, EFD_NONBLOCK)), spawn_(std::move(spawn)) {}
  ~Connection() {
    if (session_ != nullptr) {
      nghttp2_session_del(session_);
    }
    close(wake_);
  }

  void Run() {
    nghttp2_session_callbacks* callbacks;
    nghttp2_session_callbacks_new(&callbacks);
    nghttp2_session_callbacks_set_send_callback(callbacks, &Connection::OnSend);
    nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, &Connection::OnBeginHeaders);
    nghttp2_session_callbacks_set_on_header_callback(callbacks, &Connection::OnHeader);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &Connection::OnData);
    nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, &Connection::OnFrame);
    nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &Connection::OnClose);
    nghttp2_session_server_new(&session_, callbacks, this);
    nghttp2_session_callbacks_del(callbacks);
    nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 128}};
    nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, 1);
    char buffer[16384];
    while (nghttp2_session_want_read(session_) || nghttp2_session_want_write(session_)) {
      SubmitReady();
      if (nghttp2_session_send(session_) != 0) {
        break;
      }
      pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_, POLLIN, 0}};
      if (poll(fds, 2, 1000) < 0 && errno != EINTR) {
        break;
      }
      if (fds[1].revents & POLLIN) {
        uint64_t n;
        [[maybe_unused]] auto ignored = read(wake_, &n, sizeof n);
      }
      if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
        ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
        if (n <= 0 || nghttp2_session_mem_recv(session_, reinterpret_cast<uint8_t*>(buffer),
                                               static_cast<size_t>(n)) < 0) {
          break;
        }
      }
    }
    std::lock_guard lock(mutex_);
    for (auto& [id, exchange] : exchanges_) {
      std::lock_guard exchange_lock(exchange->mutex);
      exchange->closed = true;
    }
  }

  void Wake() {
    uint64_t one = 1;
    [[maybe_unused]] auto ignored = write(wake_, &one, sizeof one);
  }

 private:
  static Connection* Self(void* user) { return static_cast<Connection*>(user); }

  static ssize_t OnSend(nghttp2_session*, const uint8_t* data, size_t length, int, void* user) {
    ssize_t n = send(Self(user)->fd_, data, length, MSG_NOSIGNAL);
    return n < 0 ? static_cast<ssize_t>(NGHTTP2_ERR_CALLBACK_FAILURE) : n;
  }

  static int OnBeginHeaders(nghttp2_session*, const nghttp2_frame* frame, void* user) {
    if (frame->hd.type == NGHTTP2_HEADERS && frame->headers.cat == NGHTTP2_HCAT_REQUEST) {
      std::lock_guard lock(Self(user)->mutex_);
      Self(user)->exchanges_[frame->hd.stream_id] = std::make_shared<Exchange>();
    }
    return 0;
  }

  std::shared_ptr<Exchange> Find(int32_t id) {
    std::lock_guard lock(mutex_);
    auto it = exchanges_.find(id);
    return it == exchanges_.end() ? nullptr : it->second;
  }

  static int OnHeader(nghttp2_session*, const nghttp2_frame* frame, const uint8_t* name,
                      size_t name_length, const uint8_t* value, size_t value_length, uint8_t,
                      void* user) {
    auto exchange = Self(user)->Find(frame->hd.stream_id);
    if (!exchange) {
      return 0;
    }
    std::string n(reinterpret_cast<const char*>(name), name_length);
    std::string v(reinterpret_cast<const char*>(value), value_length);
    if (n == ":method") {
      exchange->request.method = v;
    } else if (n == ":path") {
      exchange->request.target = v;
    } else if (n == ":authority") {
      exchange->request.headers.emplace("host", v);
    } else if (!n.empty() && n[0] != ':') {
      exchange->request.headers.emplace(n, v);
    }
    return 0;
  }

  static int OnData(nghttp2_session*, uint8_t, int32_t stream_id, const uint8_t* data,
                    size_t length, void* user) {
    if (auto exchange = Self(user)->Find(stream_id)) {
      exchange->request.body.append(reinterpret_cast<const char*>(data), length);
    }
    return 0;
  }

  static int OnFrame(nghttp2_session* session, const nghttp2_frame* frame, void* user) {
    if ((frame->hd.type != NGHTTP2_HEADERS && frame->hd.type != NGHTTP2_DATA) ||
        !(frame->hd.flags & NGHTTP2_FLAG_END_STREAM)) {
      return 0;
    }
    auto* self = Self(user);
    auto exchange = self->Find(frame->hd.stream_id);
    if (!exchange) {
      return 0;
    }
    std::size_t limit =
        self->gateway_.BodyLimitFor(exchange->request.method, exchange->request.target);
    if (exchange->request.body.size() > limit) {
      std::lock_guard lock(exchange->mutex);
      exchange->head = self->gateway_.TooLarge(exchange->request, limit);
      exchange->pending = std::move(exchange->head.body);
      exchange->eof = true;
      exchange->response_ready = true;
      return 0;
    }
    (void)session;
    self->Dispatch(exchange);
    return 0;
  }

  static int OnClose(nghttp2_session*, int32_t stream_id, uint32_t, void* user) {
    auto* self = Self(user);
    std::shared_ptr<Exchange> exchange;
    {
      std::lock_guard lock(self->mutex_);
      auto it = self->exchanges_.find(stream_id);
      if (it == self->exchanges_.end()) {
        return 0;
      }
      exchange = it->second;
      self->exchanges_.erase(it);
    }
    std::lock_guard lock(exchange->mutex);
    exchange->closed = true;
    return 0;
  }

  // Runs the request in a thread of its own; its response is picked up by SubmitReady.
  void Dispatch(const std::shared_ptr<Exchange>& exchange) {
    class Writer : public BodyWriter {
     public:
      Writer(Exchange& exchange, Connection& connection)
          : exchange_(exchange), connection_(connection) {}
      bool Write(std::string_view chunk) override {
        {
          std::lock_guard lock(exchange_.mutex);
          if (exchange_.closed) {
            return false;
          }
          exchange_.pending.append(chunk);
        }
        connection_.Wake();
        return true;
      }

     private:
      Exchange& exchange_;
      Connection& connection_;
    };
    exchange->request.remote_addr = remote_addr;
    spawn_([this, self = shared_from_this(), exchange] {
      HttpResponse response = gateway_.Handle(exchange->request);
      auto stream = std::move(response.stream);
      {
        std::lock_guard lock(exchange->mutex);
        exchange->pending = std::move(response.body);
        exchange->head = std::move(response);
        exchange->eof = !stream;
        exchange->response_ready = true;
      }
      Wake();
      if (stream) {
        Writer writer(*exchange, *this);
        stream(writer);
        {
          std::lock_guard lock(exchange->mutex);
          exchange->eof = true;
        }
        Wake();
      }
    });
  }

  static ssize_t ReadBody(nghttp2_session*, int32_t, uint8_t* buf, size_t length, uint32_t* flags,
                          nghttp2_data_source* source, void*) {
    auto* exchange = static_cast<Exchange*>(source->ptr);
    std::lock_guard lock(exchange->mutex);
    std::size_t n = std::min(length, exchange->pending.size());
    std::copy_n(exchange->pending.data(), n, buf);
    exchange->pending.erase(0, n);
    if (exchange->pending.empty()) {
      if (exchange->eof) {
        *flags |= NGHTTP2_DATA_FLAG_EOF;
      } else if (n == 0) {
        exchange->deferred = true;
        return NGHTTP2_ERR_DEFERRED;
      }
    }
    return static_cast<ssize_t>(n);
  }

  // Submits responses that became ready and resumes streams that have new data.
  void SubmitReady() {
    std::vector<std::pair<int32_t, std::shared_ptr<Exchange>>> open;
    {
      std::lock_guard lock(mutex_);
      open.assign(exchanges_.begin(), exchanges_.end());
    }
    for (auto& [id, exchange] : open) {
      std::unique_lock lock(exchange->mutex);
      if (!exchange->response_ready) {
        continue;
      }
      if (!exchange->submitted) {
        exchange->submitted = true;
        std::vector<std::string> storage;
        storage.push_back(std::to_string(exchange->head.status));
        std::vector<nghttp2_nv> headers;
        auto add = [&headers](const std::string& name, const std::string& value) {
          headers.push_back({reinterpret_cast<uint8_t*>(const_cast<char*>(name.data())),
                             reinterpret_cast<uint8_t*>(const_cast<char*>(value.data())),
                             name.size(), value.size(), NGHTTP2_NV_FLAG_NONE});
        };
        const std::string status_name = ":status";
        add(status_name, storage.back());
        for (const auto& [name, value] : exchange->head.headers) {
          if (name != "connection" && name != "transfer-encoding" && name != "keep-alive") {
            add(name, value);
          }
        }
        const bool no_body = exchange->eof && exchange->pending.empty();
        nghttp2_data_provider provider;
        provider.source.ptr = exchange.get();
        provider.read_callback = &Connection::ReadBody;
        lock.unlock();
        nghttp2_submit_response(session_, id, headers.data(), headers.size(),
                                no_body ? nullptr : &provider);
        continue;
      }
      if (exchange->deferred && (!exchange->pending.empty() || exchange->eof)) {
        exchange->deferred = false;
        lock.unlock();
        nghttp2_session_resume_data(session_, id);
      }
    }
  }

 public:
  std::string remote_addr;

 private:
  Gateway& gateway_;
  int fd_;
  int wake_;
  std::function<void(std::function<void()>)> spawn_;
  nghttp2_session* session_ = nullptr;
  std::mutex mutex_;
  std::map<int32_t, std::shared_ptr<Exchange>> exchanges_;
};

}  // namespace

Http2Server::Http2Server(Gateway& gateway) : gateway_(gateway) {}

Http2Server::~Http2Server() { Stop(); }

bool Http2Server::Bind(const std::string& listen) {
  auto [host, port] = common::rpc::SplitHostPort(listen);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* result = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &result) != 0) {
    return false;
  }
  for (addrinfo* ai = result; ai != nullptr && listen_fd_ < 0; ai = ai->ai_next) {
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (fd >= 0 && bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && ::listen(fd, 128) == 0) {
      listen_fd_ = fd;
    } else if (fd >= 0) {
      close(fd);
    }
  }
  freeaddrinfo(result);
  if (listen_fd_ < 0) {
    return false;
  }
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&bound), &length);
  port_ = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                            : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  return true;
}

void Http2Server::Start() {
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

void Http2Server::AcceptLoop() {
  // Runs `work` in a detached thread counted in running_, so Stop can wait for it.
  auto spawn = [this](std::function<void()> work) {
    {
      std::lock_guard lock(mutex_);
      ++running_;
    }
    std::thread([this, work = std::move(work)] {
      try {
        work();
      } catch (const std::exception& e) {
        common::log::Error("HTTP/2 request failed", {{"error", e.what()}});
      }
      std::lock_guard lock(mutex_);
      --running_;
      idle_.notify_all();
    }).detach();
  };
  while (!stopping_) {
    pollfd p = {listen_fd_, POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) {
      continue;
    }
    sockaddr_storage peer{};
    socklen_t length = sizeof peer;
    int fd = accept4(listen_fd_, reinterpret_cast<sockaddr*>(&peer), &length, SOCK_CLOEXEC);
    if (fd < 0) {
      continue;
    }
    int yes = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    char host[INET6_ADDRSTRLEN] = "";
    if (peer.ss_family == AF_INET) {
      inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&peer)->sin_addr, host, sizeof host);
    } else if (peer.ss_family == AF_INET6) {
      inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&peer)->sin6_addr, host, sizeof host);
    }
    std::list<int>::iterator entry;
    {
      std::lock_guard lock(mutex_);
      entry = connections_.insert(connections_.end(), fd);
    }
    std::string remote = host;
    spawn([this, fd, entry, remote, spawn] {
      // Request threads of the connection keep it alive until they finish.
      auto connection = std::make_shared<Connection>(gateway_, fd, spawn);
      connection->remote_addr = remote;
      connection->Run();
      std::lock_guard lock(mutex_);
      connections_.erase(entry);
      close(fd);
    });
  }
}

void Http2Server::Stop() {
  if (!acceptor_.joinable()) {
    return;
  }
  stopping_ = true;
  acceptor_.join();
  {
    std::lock_guard lock(mutex_);
    for (int fd : connections_) {
      shutdown(fd, SHUT_RDWR);
    }
  }
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return running_ == 0; });
  close(listen_fd_);
}

}  // namespace crm::gateway
