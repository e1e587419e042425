// Live work against a real server whose virtual devices run fast: LOP
// measurements and planned sessions on a device, their streams, the
// clinician's commands (end a set, acknowledge, emergency deflate,
// feedback), the gates that refuse to inflate, and the history routes.

#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <thread>

#include "clinic/programme_json.hpp"
#include "clinic/programme_templates.hpp"
#include "clinic/repository.hpp"
#include "test_server.hpp"

namespace bfr::server::testing {
namespace {

using nlohmann::json;

// Fast enough that a 30-15-15-15 session (about 7 minutes of device time)
// takes seconds; the waits below are generous for a slow, shared machine.
constexpr double kLiveDeviceSpeed = 50;
constexpr auto kLiveRunTimeout = std::chrono::seconds(240);

struct SseMessage {
  std::string event;
  json data;
};

std::vector<SseMessage> parse_sse(const std::string& text) {
  std::vector<SseMessage> out;
  std::istringstream lines(text);
  std::string line;
  SseMessage current;
  while (std::getline(lines, line)) {
    if (line.starts_with("event: ")) current.event = line.substr(7);
    if (line.starts_with("data: ")) current.data = json::parse(line.substr(6), nullptr, false);
    if (line.empty() && !current.event.empty()) {
      out.push_back(current);
      current = {};
    }
  }
  return out;
}

class ApiLiveTest : public ::testing::Test {
 protected:
  ApiLiveTest() : server_(2, kLiveDeviceSpeed) { sync_clock(); }

  // Records made by the runs carry the wall clock's time; the plan's rules
  // (LOP currency, screening validity) must see the same clock.
  void sync_clock() {
    server_.now() = std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count() +
                    1;
  }

  void SetUp() override {
    clinician_ = server_.sign_in(kClinician, kClinicianPassword);
    admin_ = server_.sign_in(kAdmin, kAdminPassword);
    const Reply added = server_.send_json("POST", "/api/patients", clinician_, valid_patient("P"));
    ASSERT_EQ(added.status, 201) << added.body.dump();
    patient_ = added.body["id"].get<std::int64_t>();
  }

  std::string patient_path(const std::string& rest = {}) const {
    return "/api/patients/" + std::to_string(patient_) + rest;
  }
  static std::string run_path(std::int64_t run, const std::string& rest = {}) {
    return "/api/live/" + std::to_string(run) + rest;
  }

  void screen(bool pregnant) {
    const json questions = server_.send("GET", "/api/screening/questions", clinician_).body;
    json body = {{"patient", json::object()}, {"limbs", {{"right_thigh", json::object()}}}};
    for (const json& key : questions["patient"]) body["patient"][key.get<std::string>()] = "no";
    for (const json& key : questions["limb"]) {
      body["limbs"]["right_thigh"][key.get<std::string>()] = "no";
    }
    if (pregnant) body["patient"]["pregnant"] = "yes";
    const Reply stored = server_.send_json("POST", patient_path("/screenings"), clinician_, body);
    ASSERT_EQ(stored.status, 201) << stored.body.dump();
  }

  // The knee OA programme (leg press and knee extension on the thigh) with
  // a 1RM for each, so that only the screening and the LOP gate them.
  void assign_programme() {
    clinic::Repository& repository = server_.api().repository();
    const clinic::Programme programme = clinic::knee_osteoarthritis_programme();
    clinic::ProgrammeAssignment assignment;
    assignment.patient_id = patient_;
    assignment.programme_name = programme.name;
    assignment.programme_json = clinic::programme_to_json(programme).dump();
    repository.assign_programme(assignment);
    for (const char* exercise : {"Leg press", "Knee extension"}) {
      clinic::OneRepMaxRecord rm;
      rm.patient_id = patient_;
      rm.exercise = exercise;
      rm.one_rep_max_kg = 60;
      repository.add_one_rep_max(rm);
    }
  }

  json wait_for_end(std::int64_t run) {
    const auto deadline = std::chrono::steady_clock::now() + kLiveRunTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
      const Reply reply = server_.send("GET", run_path(run), clinician_);
      const std::string state = reply.body.value("state", std::string());
      if (state == "finished" || state == "failed" || state == "stopped") return reply.body;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "run " << run << " did not end in time";
    return {};
  }

  // Waits until the run's device is in `phase` (its `set`-th set when given).
  bool wait_for_phase(std::int64_t run, const std::string& phase, int set = 0) {
    const auto deadline = std::chrono::steady_clock::now() + kLiveRunTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
      const json body = server_.send("GET", run_path(run), clinician_).body;
      if (body.value("phase", "") == phase && (set == 0 || body.value("set", 0) == set)) {
        return true;
      }
      if (body.value("state", "") != "running" && body.value("state", "") != "connecting") {
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

  json measure_lop() {
    const Reply started = server_.send_json("POST", patient_path("/lop/measure"), clinician_,
                                            {{"limb", "right_thigh"}, {"posture", "seated"}});
    EXPECT_EQ(started.status, 202) << started.body.dump();
    json ended = wait_for_end(started.body.value("id", std::int64_t{0}));
    sync_clock();
    return ended;
  }

  bool every_device_idle() {
    const Reply devices = server_.send("GET", "/api/devices", clinician_);
    for (const json& d : devices.body) {
      if (d["state"] != "idle") return false;
    }
    return devices.status == 200;
  }

  TestServer server_;
  Caller clinician_;
  Caller admin_;
  std::int64_t patient_ = 0;
};

TEST_F(ApiLiveTest, TheDevicesAreListedIdle) {
  const Reply devices = server_.send("GET", "/api/devices", clinician_);
  ASSERT_EQ(devices.status, 200);
  ASSERT_EQ(devices.body.size(), 2U);
  EXPECT_EQ(devices.body[0]["kind"], "virtual");
  EXPECT_EQ(devices.body[0]["speed"], kLiveDeviceSpeed);
  EXPECT_EQ(devices.body[1]["id"], 2);
  EXPECT_TRUE(every_device_idle());
}

TEST_F(ApiLiveTest, ALopMeasurementRunsOnADeviceAndIsStored) {
  const json run = measure_lop();
  ASSERT_EQ(run["state"], "finished") << run.dump();
  const json& lop = run["result"]["lop"];
  ASSERT_TRUE(lop["lop_mmhg"].is_number()) << run.dump();
  EXPECT_EQ(lop["method"], "measured");
  EXPECT_EQ(lop["posture"], "seated");
  EXPECT_GT(lop["quality"].get<double>(), 0.0);
  // Thigh LOP of a resting adult lies well inside the cuff's range.
  EXPECT_GT(lop["lop_mmhg"].get<double>(), 80.0);
  EXPECT_LT(lop["lop_mmhg"].get<double>(), 300.0);

  // Stored as the other LOP routes read it.
  const Reply stored = server_.send("GET", patient_path("/lop"), clinician_);
  ASSERT_EQ(stored.body.size(), 1U);
  EXPECT_EQ(stored.body[0]["id"], lop["id"]);
  EXPECT_TRUE(every_device_idle());

  // The run's stream, read after the end, replays it all and ends.
  std::string text;
  const Reply stream =
      server_.read_stream(run_path(run["id"].get<std::int64_t>(), "/stream"), clinician_, text);
  ASSERT_EQ(stream.status, 200);
  EXPECT_EQ(stream.header("Content-Type"), "text/event-stream");
  const std::vector<SseMessage> messages = parse_sse(text);
  int telemetry = 0;
  double peak = 0;
  bool measured_event = false;
  for (const SseMessage& m : messages) {
    if (m.event == "telemetry") {
      ++telemetry;
      peak = std::max(peak, m.data["cuff"][0].get<double>());
    }
    measured_event = measured_event || (m.event == "event" && m.data["kind"] == "lop_measured");
  }
  // 25 per second of device time: a measurement lasts 10 s or more.
  EXPECT_GT(telemetry, 250);
  EXPECT_GT(peak, lop["lop_mmhg"].get<double>() * 0.9);  // the trace climbed to occlusion
  EXPECT_TRUE(measured_event);
  ASSERT_FALSE(messages.empty());
  EXPECT_EQ(messages.back().event, "state");
  EXPECT_EQ(messages.back().data["state"], "finished");
}

TEST_F(ApiLiveTest, BadMeasurementRequestsStartNothing) {
  const std::size_t audit_before = server_.audit_count();
  const auto post = [&](const json& body) {
    return server_.send_json("POST", patient_path("/lop/measure"), clinician_, body).status;
  };
  EXPECT_EQ(post({{"limb", "right_thigh"}, {"speed", 3}}), 400);
  EXPECT_EQ(post({{"posture", "seated"}}), 400);
  EXPECT_EQ(post({{"limb", "left_thigh"}}), 404);  // not on record
  EXPECT_EQ(post({{"limb", "right_knee"}}), 400);
  EXPECT_EQ(post({{"limb", "right_thigh"}, {"posture", "lying"}}), 400);
  EXPECT_EQ(post({{"limb", "right_thigh"}, {"cuff_width_cm", 80}}), 400);
  EXPECT_EQ(post({{"limb", "right_thigh"}, {"device", 9}}), 404);
  EXPECT_EQ(
      server_
          .send_json("POST", "/api/patients/999/lop/measure", clinician_, {{"limb", "right_thigh"}})
          .status,
      404);
  EXPECT_EQ(server_.send("GET", run_path(1), clinician_).status, 404);  // no run was made
  EXPECT_TRUE(every_device_idle());
  EXPECT_EQ(server_.audit_count(), audit_before);
}

TEST_F(ApiLiveTest, NoCuffInflatesWithoutASignedInClinician) {
  const json body = {{"limb", "right_thigh"}};
  EXPECT_EQ(server_.send_json("POST", patient_path("/lop/measure"), Caller{}, body).status, 401);
  EXPECT_EQ(server_.send_json("POST", patient_path("/lop/measure"), admin_, body).status, 403);
  EXPECT_EQ(server_
                .send("POST", patient_path("/lop/measure"), clinician_, body.dump(),
                      "application/json", false)
                .status,
            403);  // no CSRF token
  EXPECT_EQ(server_.send_json("POST", patient_path("/sessions"), Caller{}, json::object()).status,
            401);
  EXPECT_EQ(server_.send_json("POST", patient_path("/sessions"), admin_, json::object()).status,
            403);
  EXPECT_EQ(server_.send("GET", run_path(1), clinician_).status, 404);
  EXPECT_TRUE(every_device_idle());
  EXPECT_TRUE(server_.api().repository().sessions_of(patient_).empty());
}

TEST_F(ApiLiveTest, SessionGatesRefuseWithTheReasonAndInflateNothing) {
  // No programme yet.
  Reply refused = server_.send_json("POST", patient_path("/sessions"), clinician_, json::object());
  EXPECT_EQ(refused.status, 409) << refused.body.dump();

  assign_programme();
  screen(/*pregnant=*/true);
  ASSERT_EQ(measure_lop()["state"], "finished");
  // Pregnancy contraindicates the limb (bfr-facts §1): refused, with why.
  refused = server_.send_json("POST", patient_path("/sessions"), clinician_, json::object());
  EXPECT_EQ(refused.status, 409) << refused.body.dump();
  EXPECT_NE(refused.body["error"].get<std::string>().find("nothing was run"), std::string::npos);
  refused =
      server_.send_json("POST", patient_path("/sessions"), clinician_, {{"exercise", "Leg press"}});
  EXPECT_EQ(refused.status, 409) << refused.body.dump();
  EXPECT_EQ(
      server_.send_json("POST", patient_path("/sessions"), clinician_, {{"exercise", "Handstand"}})
          .status,
      400);
  EXPECT_EQ(server_.send("GET", run_path(2), clinician_).status, 404);  // only the LOP ran
  EXPECT_TRUE(every_device_idle());
  EXPECT_TRUE(server_.api().repository().sessions_of(patient_).empty());
}

TEST_F(ApiLiveTest, APlannedSessionRunsAndStoresItsSetsAndFeedback) {
  assign_programme();
  screen(/*pregnant=*/false);
  ASSERT_EQ(measure_lop()["state"], "finished");
  const Reply started = server_.send_json("POST", patient_path("/sessions"), clinician_,
                                          {{"exercise", "Leg press"}, {"device", 2}});
  ASSERT_EQ(started.status, 202) << started.body.dump();
  const std::int64_t run = started.body["id"].get<std::int64_t>();
  EXPECT_EQ(started.body["device_id"], 2);
  EXPECT_EQ(started.body["exercise"]["target_reps"], json({30, 15, 15, 15}));
  // The device is taken: a second start on it is refused.
  EXPECT_EQ(server_
                .send_json("POST", patient_path("/lop/measure"), clinician_,
                           {{"limb", "right_thigh"}, {"device", 2}})
                .status,
            409);

  // Feedback while the session runs is kept for its set; bad values are not.
  const std::string set1 = run_path(run, "/sets/1/feedback");
  EXPECT_EQ(server_.send_json("POST", set1, clinician_, {{"rpe", 11}}).status, 400);
  EXPECT_EQ(server_.send_json("POST", set1, clinician_, {{"pain", -1}}).status, 400);
  EXPECT_EQ(server_.send_json("POST", set1, clinician_, json::object()).status, 400);
  EXPECT_EQ(server_
                .send_json("POST", set1, clinician_,
                           {{"symptoms", {{{"symptom", "itch"}, {"severity", "mild"}}}}})
                .status,
            400);
  EXPECT_EQ(
      server_.send_json("POST", run_path(run, "/sets/5/feedback"), clinician_, {{"rpe", 3}}).status,
      404);
  const Reply kept = server_.send_json("POST", set1, clinician_, {{"rpe", 4}, {"pain", 1}});
  EXPECT_TRUE(kept.status == 202 || kept.status == 200) << kept.body.dump();

  const json ended = wait_for_end(run);
  ASSERT_EQ(ended["state"], "finished") << ended.dump();
  const json& session = ended["result"]["session"];
  EXPECT_EQ(session["stop_reason"], "completed") << session.dump();
  ASSERT_EQ(session["sets"].size(), 4U);
  EXPECT_EQ(session["sets"][0]["target_reps"], 30);
  EXPECT_GT(session["total_restriction_s"].get<double>(), 60.0);
  EXPECT_EQ(session["device"].get<std::string>().empty(), false);

  // Feedback after the end goes straight to the store.
  const Reply later = server_.send_json(
      "POST", run_path(run, "/sets/2/feedback"), clinician_,
      {{"rpe", 6}, {"symptoms", {{{"symptom", "numbness"}, {"severity", "mild"}}}}});
  EXPECT_EQ(later.status, 200) << later.body.dump();

  // History: the list and the one session with its trace.
  const Reply list = server_.send("GET", patient_path("/sessions"), clinician_);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body.size(), 1U);
  EXPECT_EQ(list.body[0]["sets"][0]["rpe_cr10"], 4.0);
  EXPECT_EQ(list.body[0]["sets"][0]["pain_0_10"], 1);
  EXPECT_EQ(list.body[0]["sets"][1]["rpe_cr10"], 6.0);
  EXPECT_EQ(list.body[0]["symptoms"].size(), 1U);
  const Reply detail = server_.send(
      "GET", "/api/sessions/" + std::to_string(session["id"].get<std::int64_t>()), clinician_);
  ASSERT_EQ(detail.status, 200);
  const json& trace = detail.body["trace"];
  EXPECT_GT(trace["t_s"].size(), 1000U);
  EXPECT_EQ(trace["t_s"].size(), trace["cuff_mmhg"].size());
  EXPECT_EQ(trace["t_s"].size(), trace["set_index"].size());
  EXPECT_FALSE(detail.body["events"].empty());
  EXPECT_EQ(server_.send("GET", "/api/sessions/999999", clinician_).status, 404);
  EXPECT_EQ(server_.send("GET", "/api/patients/999999/sessions", clinician_).status, 404);

  // Its reports, as `bfr report` makes them.
  const std::string report =
      "/api/sessions/" + std::to_string(session["id"].get<std::int64_t>()) + "/report";
  const Reply pdf = server_.send("GET", report, clinician_);
  ASSERT_EQ(pdf.status, 200) << pdf.raw.substr(0, 200);
  EXPECT_EQ(pdf.header("Content-Type"), "application/pdf");
  EXPECT_EQ(pdf.raw.rfind("%PDF-", 0), 0U);
  const Reply html = server_.send("GET", report + "?format=html", clinician_);
  ASSERT_EQ(html.status, 200);
  EXPECT_EQ(html.header("Content-Type").rfind("text/html", 0), 0U);
  EXPECT_NE(html.raw.find("Leg press"), std::string::npos);
  EXPECT_EQ(server_.send("GET", report + "?format=docx", clinician_).status, 400);
  EXPECT_EQ(server_.send("GET", "/api/sessions/999999/report", clinician_).status, 404);
  const Reply progress = server_.send("GET", patient_path("/report?weeks=4"), clinician_);
  ASSERT_EQ(progress.status, 200);
  EXPECT_EQ(progress.raw.rfind("%PDF-", 0), 0U);
  EXPECT_EQ(server_.send("GET", patient_path("/report?weeks=0"), clinician_).status, 400);
  EXPECT_EQ(server_.send("GET", patient_path("/report?weeks=x"), clinician_).status, 400);
  EXPECT_EQ(server_.send("GET", "/api/patients/999999/report", clinician_).status, 404);
  EXPECT_TRUE(every_device_idle());
}

TEST_F(ApiLiveTest, TheClinicianEndsASetWithTheirCount) {
  assign_programme();
  screen(/*pregnant=*/false);
  ASSERT_EQ(measure_lop()["state"], "finished");
  const Reply started =
      server_.send_json("POST", patient_path("/sessions"), clinician_, json::object());
  ASSERT_EQ(started.status, 202) << started.body.dump();
  const std::int64_t run = started.body["id"].get<std::int64_t>();

  ASSERT_TRUE(wait_for_phase(run, "exercise", 1));
  EXPECT_EQ(server_.send_json("POST", run_path(run, "/end-set"), clinician_, {{"reps", -2}}).status,
            400);
  const Reply ended_set =
      server_.send_json("POST", run_path(run, "/end-set"), clinician_, {{"reps", 7}});
  EXPECT_EQ(ended_set.status, 200) << ended_set.body.dump();
  // Once the set is over (rest, or an alarm the early end brought on),
  // the session is stopped so that the test need not wait for it.
  const auto deadline = std::chrono::steady_clock::now() + kLiveRunTimeout;
  while (server_.send("GET", run_path(run), clinician_).body.value("phase", "") == "exercise" &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  server_.send("POST", run_path(run, "/deflate"), clinician_);
  const json ended = wait_for_end(run);
  ASSERT_EQ(ended["state"], "finished") << ended.dump();
  const json& session = ended["result"]["session"];
  ASSERT_GE(session["sets"].size(), 1U) << session.dump();
  EXPECT_EQ(session["sets"][0]["actual_reps"], 7);  // the clinician's count, not the device's
  // No set in progress any more.
  EXPECT_EQ(server_.send_json("POST", run_path(run, "/end-set"), clinician_, json::object()).status,
            409);
}

TEST_F(ApiLiveTest, TheEmergencyDeflateVentsAtOnceAndIsRecorded) {
  assign_programme();
  screen(/*pregnant=*/false);
  ASSERT_EQ(measure_lop()["state"], "finished");
  const Reply started =
      server_.send_json("POST", patient_path("/sessions"), clinician_, json::object());
  ASSERT_EQ(started.status, 202) << started.body.dump();
  const std::int64_t run = started.body["id"].get<std::int64_t>();

  ASSERT_TRUE(wait_for_phase(run, "exercise", 1));
  const Reply deflated = server_.send("POST", run_path(run, "/deflate"), clinician_);
  ASSERT_EQ(deflated.status, 200) << deflated.body.dump();
  EXPECT_EQ(deflated.body["sent"], true);
  const json ended = wait_for_end(run);
  ASSERT_EQ(ended["state"], "finished") << ended.dump();
  EXPECT_EQ(ended["stopped_by"], kClinician);
  EXPECT_EQ(ended["phase"], "safe_state");
  const json& session = ended["result"]["session"];
  EXPECT_NE(session["stop_reason"], "completed") << session.dump();

  // The vent raised the emergency-stop alarm; the clinician acknowledges it.
  EXPECT_FALSE(ended["alarms"].empty());
  const Reply ack =
      server_.send_json("POST", run_path(run, "/alarms/ack"), clinician_, json::object());
  EXPECT_EQ(ack.status, 200) << ack.body.dump();
  EXPECT_EQ(ack.body["acknowledged"], ended["alarms"]);
  // The stream carries the deflate, the alarm and the vented cuff.
  std::string text;
  ASSERT_EQ(server_.read_stream(run_path(run, "/stream"), clinician_, text).status, 200);
  bool deflate_event = false, alarm = false, safe_state = false;
  for (const SseMessage& m : parse_sse(text)) {
    if (m.event == "event" && m.data["kind"] == "emergency_deflate") deflate_event = true;
    if (m.event == "event" && m.data["kind"] == "alarm_raised") alarm = true;
    if (m.event == "telemetry" && m.data["phase"] == "safe_state") safe_state = true;
  }
  EXPECT_TRUE(deflate_event);
  EXPECT_TRUE(alarm);
  EXPECT_TRUE(safe_state);
  // A deflate after the end has nothing to send; the audit log has both.
  EXPECT_EQ(server_.send("POST", run_path(run, "/deflate"), clinician_).body["sent"], false);
  const json audit = server_.send("GET", "/api/audit?limit=20", admin_).body;
  int deflates = 0;
  for (const json& entry : audit) deflates += entry["action"] == "emergency_deflate" ? 1 : 0;
  EXPECT_EQ(deflates, 2);
}

}  // namespace
}  // namespace bfr::server::testing
