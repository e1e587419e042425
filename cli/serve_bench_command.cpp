#include "cli/serve_bench_command.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <sys/resource.h>
#include <time.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>
#include <vector>

#include "clinic/repository.hpp"
#include "clinic/timestamp.hpp"
#include "server/account_store.hpp"
#include "server/accounts.hpp"
#include "server/api_server.hpp"
#include "server/live_api.hpp"

namespace bfr::cli {

namespace {
using SteadyClock = std::chrono::steady_clock;

constexpr const char* kBenchUser = "bench";
constexpr const char* kBenchPassword = "load check password";

double seconds_of(const timespec& t) {
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

double process_cpu_s() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
}

double thread_cpu_s() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return seconds_of(t);
}

std::int64_t steady_us_now() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             SteadyClock::now().time_since_epoch())
      .count();
}

// What one stream reader saw.
struct ReaderResult {
  std::uint64_t messages = 0;
  std::uint64_t telemetry = 0;
  std::uint64_t gaps = 0;  // message ids skipped
  bool ended = false;      // the run's final state arrived
  std::string error;
  std::vector<double> latency_ms;
  double cpu_s = 0;
};

// Reads a run's stream to its end, checking the ids run without gaps.
ReaderResult read_stream(int port, const std::string& cookie, std::int64_t run) {
  ReaderResult r;
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(std::chrono::seconds(30));
  std::string buffer;
  std::uint64_t last_id = 0;
  const auto handle = [&](std::string_view message) {
    std::uint64_t id = 0;
    std::string_view event;
    std::string_view data;
    std::size_t start = 0;
    while (start < message.size()) {
      std::size_t end = message.find('\n', start);
      if (end == std::string_view::npos) end = message.size();
      const std::string_view line = message.substr(start, end - start);
      if (line.starts_with("id: ")) id = std::stoull(std::string(line.substr(4)));
      if (line.starts_with("event: ")) event = line.substr(7);
      if (line.starts_with("data: ")) data = line.substr(6);
      start = end + 1;
    }
    if (event.empty()) return;  // a keep-alive comment
    ++r.messages;
    if (last_id != 0 && id != last_id + 1) r.gaps += id - last_id - 1;
    last_id = id;
    if (event == "telemetry") {
      ++r.telemetry;
      const std::size_t at = data.find("\"rx_us\":");
      if (at != std::string_view::npos) {
        const std::int64_t rx = std::stoll(std::string(data.substr(at + 8, 24)));
        r.latency_ms.push_back(static_cast<double>(steady_us_now() - rx) / 1000.0);
      }
    } else if (event == "state") {
      const nlohmann::json state = nlohmann::json::parse(data, nullptr, false);
      const std::string s = state.is_object() ? state.value("state", "") : "";
      if (s == "finished" || s == "failed" || s == "stopped") r.ended = true;
    }
  };
  const httplib::Result result =
      client.Get(fmt::format("/api/live/{}/stream", run), httplib::Headers{{"Cookie", cookie}},
                 [&](const char* data, std::size_t size) {
                   buffer.append(data, size);
                   std::size_t split;
                   while ((split = buffer.find("\n\n")) != std::string::npos) {
                     handle(std::string_view(buffer).substr(0, split));
                     buffer.erase(0, split + 2);
                   }
                   return true;
                 });
  if (!result) {
    r.error = httplib::to_string(result.error());
  } else if (result->status != 200) {
    r.error = fmt::format("status {}", result->status);
  }
  r.cpu_s = thread_cpu_s();
  return r;
}

double percentile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  const auto k = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
  return values[k];
}

// Patients ready for today's session: screened clear, the knee OA
// programme, 1RMs and a current measured LOP (entered: measuring 20 limbs
// first would only lengthen the check).
std::vector<std::int64_t> make_patients(server::ApiServer& api, httplib::Client& http,
                                        const httplib::Headers& headers, int count) {
  clinic::Repository& repository = api.repository();
  const nlohmann::json questions =
      nlohmann::json::parse(http.Get("/api/screening/questions", headers)->body, nullptr, false);
  std::vector<std::int64_t> ids;
  const std::string now = clinic::format_utc_timestamp(
      std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) -
      std::chrono::seconds(60));
  for (int i = 0; i < count; ++i) {
    const nlohmann::json patient = {
        {"name", fmt::format("Load check {}", i + 1)},
        {"birth_year", 1970 + i % 30},
        {"sex", i % 2 == 0 ? "female" : "male"},
        {"resting_sbp_mmhg", 120},
        {"resting_dbp_mmhg", 78},
        {"resting_hr_bpm", 64},
        {"limbs", {{{"limb", "right_thigh"}, {"circumference_cm", 55}}}}};
    const auto added = http.Post("/api/patients", headers, patient.dump(), "application/json");
    if (!added || added->status != 201) throw std::runtime_error("cannot add a patient");
    const std::int64_t id = nlohmann::json::parse(added->body)["id"].get<std::int64_t>();
    nlohmann::json screening = {{"patient", nlohmann::json::object()},
                                {"limbs", {{"right_thigh", nlohmann::json::object()}}}};
    for (const nlohmann::json& key : questions["patient"])
      screening["patient"][key.get<std::string>()] = "no";
    for (const nlohmann::json& key : questions["limb"]) {
      screening["limbs"]["right_thigh"][key.get<std::string>()] = "no";
    }
    const auto screened = http.Post(fmt::format("/api/patients/{}/screenings", id), headers,
                                    screening.dump(), "application/json");
    if (!screened || screened->status != 201) throw std::runtime_error("cannot screen a patient");
    const auto assigned =
        http.Post(fmt::format("/api/patients/{}/programs", id), headers,
                  nlohmann::json{{"template", "knee-oa"}}.dump(), "application/json");
    if (!assigned || assigned->status != 201) {
      throw std::runtime_error("cannot assign a programme");
    }
    for (const char* exercise : {"Leg press", "Knee extension"}) {
      const auto recorded =
          http.Post(fmt::format("/api/patients/{}/one-rep-max", id), headers,
                    nlohmann::json{{"exercise", exercise}, {"one_rep_max_kg", 60}}.dump(),
                    "application/json");
      if (!recorded || recorded->status != 201) throw std::runtime_error("cannot record a 1RM");
    }
    // An entered LOP, so that only sessions run (no API enters a measured
    // value by hand: a measurement comes from a device).
    clinic::LopMeasurement lop;
    lop.limb_id = repository.limbs_of(id).front().id;
    lop.measured_at = now;
    lop.lop_mmhg = 170;
    lop.quality = 0.9;
    lop.cuff_width_cm = 11.5;
    repository.add_lop_measurement(lop);
    ids.push_back(id);
  }
  return ids;
}

}  // namespace

CLI::App* add_serve_bench_command(CLI::App& serve, ServeBenchOptions& o) {
  auto* bench = serve.add_subcommand(
      "bench",
      "Load check: N live sessions on virtual devices in one server, stream readers on each; "
      "telemetry latency (host receipt to reader) p50/p99, server CPU; exit 1 on a lost stream");
  bench->add_option("--sessions", o.sessions, "Concurrent sessions")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  bench->add_option("--clients", o.clients, "Stream readers per session")
      ->capture_default_str()
      ->check(CLI::Range(1, 8));
  bench->add_option("--seconds", o.seconds, "How long the sessions run before they are stopped")
      ->capture_default_str()
      ->check(CLI::Range(2.0, 3600.0));
  bench->add_option("--speed", o.speed, "The virtual devices' clock against the wall clock")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 200.0));
  bench->add_flag("--json", o.json, "Print as JSON");
  return bench;
}

int run_serve_bench(const ServeBenchOptions& o) {
  std::random_device entropy;
  const auto directory = std::filesystem::temp_directory_path() /
                         fmt::format("openbfr_serve_bench_{}{}", entropy(), entropy());
  std::filesystem::create_directories(directory);
  int exit_code = 2;
  try {
    server::ServerConfig config;
    config.database_url = (directory / "bench.db").string();
    config.virtual_devices = o.sessions;
    config.device_speed = o.speed;
    config.http_threads = o.sessions * o.clients + 16;
    server::ApiServer api(config);
    const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    server::create_account(api.accounts(), kBenchUser, server::Role::kClinician, kBenchPassword,
                           now_s);
    const int port = api.bind("127.0.0.1", 0);
    std::thread serving([&api] { api.run(); });

    httplib::Client http("127.0.0.1", port);
    http.set_read_timeout(std::chrono::seconds(60));
    const auto login = http.Post(
        "/api/login", nlohmann::json{{"name", kBenchUser}, {"password", kBenchPassword}}.dump(),
        "application/json");
    if (!login || login->status != 200) throw std::runtime_error("the bench cannot sign in");
    const std::string set_cookie = login->get_header_value("Set-Cookie");
    const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
    const httplib::Headers headers{
        {"Cookie", cookie}, {"X-CSRF-Token", nlohmann::json::parse(login->body)["csrf_token"]}};
    const std::vector<std::int64_t> patients = make_patients(api, http, headers, o.sessions);

    // Every session started, then its readers.
    const double cpu_before = process_cpu_s();
    const auto started_at = SteadyClock::now();
    std::vector<std::int64_t> runs;
    for (std::size_t i = 0; i < patients.size(); ++i) {
      const auto started = http.Post(
          fmt::format("/api/patients/{}/sessions", patients[i]), headers,
          nlohmann::json{{"exercise", "Leg press"}, {"device", i + 1}}.dump(), "application/json");
      if (!started || started->status != 202) {
        throw std::runtime_error(fmt::format("session {} did not start: {}", i + 1,
                                             started ? started->body : std::string("no answer")));
      }
      runs.push_back(nlohmann::json::parse(started->body)["id"].get<std::int64_t>());
    }
    std::vector<ReaderResult> results(runs.size() * static_cast<std::size_t>(o.clients));
    std::vector<std::thread> readers;
    for (std::size_t i = 0; i < results.size(); ++i) {
      const std::int64_t run = runs[i / static_cast<std::size_t>(o.clients)];
      readers.emplace_back([&, i, run] { results[i] = read_stream(port, cookie, run); });
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(o.seconds));
    // Stopped as a clinician would in a hurry: the emergency deflate.
    for (const std::int64_t run : runs) {
      http.Post(fmt::format("/api/live/{}/deflate", run), headers, "", "application/json");
    }
    for (std::thread& t : readers) t.join();
    const double wall_s = std::chrono::duration<double>(SteadyClock::now() - started_at).count();
    const double cpu_s = process_cpu_s() - cpu_before;
    api.stop();
    serving.join();

    std::vector<double> latencies;
    std::uint64_t messages = 0, telemetry = 0, gaps = 0;
    double reader_cpu = 0;
    int lost = 0;
    std::vector<std::string> problems;
    for (std::size_t i = 0; i < results.size(); ++i) {
      const ReaderResult& r = results[i];
      latencies.insert(latencies.end(), r.latency_ms.begin(), r.latency_ms.end());
      messages += r.messages;
      telemetry += r.telemetry;
      gaps += r.gaps;
      reader_cpu += r.cpu_s;
      if (!r.ended || !r.error.empty() || r.gaps > 0) {
        ++lost;
        problems.push_back(
            fmt::format("stream {} of run {}: {}{}{}", i % static_cast<std::size_t>(o.clients) + 1,
                        runs[i / static_cast<std::size_t>(o.clients)], r.ended ? "" : "no end; ",
                        r.error, r.gaps > 0 ? fmt::format(" {} messages missing", r.gaps) : ""));
      }
    }
    const double p50 = percentile(latencies, 0.50);
    const double p99 = percentile(latencies, 0.99);
    const double max =
        latencies.empty() ? 0 : *std::max_element(latencies.begin(), latencies.end());
    // The readers run in this process too; the server's share is the rest
    // (its HTTP threads, the runs and the virtual devices it serves).
    const double server_cpu = std::max(0.0, cpu_s - reader_cpu);
    if (o.json) {
      fmt::print("{}\n",
                 nlohmann::json{{"sessions", o.sessions},
                                {"clients_per_session", o.clients},
                                {"device_speed", o.speed},
                                {"wall_s", wall_s},
                                {"messages", messages},
                                {"telemetry", telemetry},
                                {"latency_ms", {{"p50", p50}, {"p99", p99}, {"max", max}}},
                                {"server_cpu_s", server_cpu},
                                {"server_cpu_percent_of_one_core", 100 * server_cpu / wall_s},
                                {"reader_cpu_s", reader_cpu},
                                {"lost_streams", lost},
                                {"problems", problems}}
                     .dump(2));
    } else {
      fmt::print(
          "bfr serve load check: {} sessions on virtual devices at {:g}x, {} reader(s) each\n",
          o.sessions, o.speed, o.clients);
      fmt::print("  streams                {}\n", results.size());
      fmt::print("  wall time              {:.1f} s (sessions stopped after {:g} s)\n", wall_s,
                 o.seconds);
      fmt::print("  messages read          {} ({} telemetry, {:.1f}/s per stream)\n", messages,
                 telemetry,
                 static_cast<double>(telemetry) / wall_s / static_cast<double>(results.size()));
      fmt::print("  latency host->reader   p50 {:.2f} ms  p99 {:.2f} ms  max {:.1f} ms\n", p50, p99,
                 max);
      fmt::print("  server CPU             {:.2f} s = {:.1f} % of one core (readers {:.2f} s)\n",
                 server_cpu, 100 * server_cpu / wall_s, reader_cpu);
      fmt::print("  lost or gapped streams {}\n", lost);
      for (const std::string& p : problems) fmt::print("    {}\n", p);
    }
    exit_code = lost == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    exit_code = 2;
  }
  std::error_code ignored;
  std::filesystem::remove_all(directory, ignored);
  return exit_code;
}

}  // namespace bfr::cli
