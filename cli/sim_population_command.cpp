#include "cli/sim_population_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <vector>

#include "sim/limb.hpp"
#include "sim/parallel.hpp"
#include "sim/person.hpp"
#include "sim/population.hpp"

namespace bfr::cli {
namespace {

// The cuff the LOP columns are for: the Delfi 11.5 cm cuff of Hughes 2018
// on both segments, seated (bfr-facts section 3).
constexpr double kCuffWidthCm = 11.5;

// People are drawn, simulated and written a block at a time so that memory
// stays bounded at 10^6 people; the block size does not change the output.
constexpr std::size_t kBlock = 16384;

struct Row {
  sim::Person person;
  double lop_thigh_mmhg = 0;
  double lop_arm_mmhg = 0;
};

double seated_true_lop(const sim::Person& person, sim::Segment segment, std::uint64_t seed) {
  const sim::PlantConfig cfg = sim::plant_for(person, {segment, kCuffWidthCm},
                                              sim::mpx5050_profile(), seed, sim::Posture::kSeated);
  return sim::Limb(cfg.limb, cfg.heart, 1).true_lop_mmhg();
}

Row make_row(const sim::CohortSpec& cohort, std::uint64_t seed, std::size_t index) {
  Row r;
  r.person = sim::draw_person(cohort, seed, index);
  r.lop_thigh_mmhg = seated_true_lop(r.person, sim::Segment::kThigh, seed);
  r.lop_arm_mmhg = seated_true_lop(r.person, sim::Segment::kUpperArm, seed);
  return r;
}

const char* sex_name(sim::Sex sex) {
  return sex == sim::Sex::kMale ? "male" : "female";
}

// Welford's running mean and variance: one pass, no catastrophic
// cancellation at 10^6 rows.
class Running {
 public:
  void add(double x) {
    ++n_;
    const double d = x - mean_;
    mean_ += d / static_cast<double>(n_);
    m2_ += d * (x - mean_);
  }
  double mean() const { return mean_; }
  double sd() const { return n_ > 1 ? std::sqrt(m2_ / static_cast<double>(n_ - 1)) : 0.0; }

 private:
  std::size_t n_ = 0;
  double mean_ = 0;
  double m2_ = 0;
};

struct Summary {
  Running sbp, dbp, hr, lop_thigh, lop_arm;
  void add(const Row& r) {
    sbp.add(r.person.systolic_mmhg);
    dbp.add(r.person.diastolic_mmhg);
    hr.add(r.person.heart_rate_bpm);
    lop_thigh.add(r.lop_thigh_mmhg);
    lop_arm.add(r.lop_arm_mmhg);
  }
};

constexpr const char* kCsvHeader =
    "index,name,age_years,sex,height_cm,systolic_mmhg,diastolic_mmhg,heart_rate_bpm,"
    "thigh_circumference_cm,arm_circumference_cm,artery_a_per_mmhg,artery_b_per_mmhg,"
    "tissue_transmission_factor,true_lop_thigh_mmhg,true_lop_arm_mmhg\n";

void append_csv(fmt::memory_buffer& buf, std::size_t index, const Row& r) {
  const sim::Person& p = r.person;
  fmt::format_to(
      std::back_inserter(buf),
      "{},{},{},{},{:.2f},{:.2f},{:.2f},{:.2f},{:.2f},{:.2f},{:.5f},{:.5f},{:.4f},{:.2f},"
      "{:.2f}\n",
      index, p.name, p.age_years, sex_name(p.sex), p.height_cm, p.systolic_mmhg, p.diastolic_mmhg,
      p.heart_rate_bpm, p.thigh_circumference_cm, p.arm_circumference_cm, p.artery_a_per_mmhg,
      p.artery_b_per_mmhg, p.tissue_transmission_factor, r.lop_thigh_mmhg, r.lop_arm_mmhg);
}

// JSON keeps every double at full precision: it is the machine format.
void append_json(fmt::memory_buffer& buf, std::size_t index, const Row& r) {
  const sim::Person& p = r.person;
  const nlohmann::ordered_json obj = {{"index", index},
                                      {"name", p.name},
                                      {"age_years", p.age_years},
                                      {"sex", sex_name(p.sex)},
                                      {"height_cm", p.height_cm},
                                      {"systolic_mmhg", p.systolic_mmhg},
                                      {"diastolic_mmhg", p.diastolic_mmhg},
                                      {"heart_rate_bpm", p.heart_rate_bpm},
                                      {"thigh_circumference_cm", p.thigh_circumference_cm},
                                      {"arm_circumference_cm", p.arm_circumference_cm},
                                      {"artery_a_per_mmhg", p.artery_a_per_mmhg},
                                      {"artery_b_per_mmhg", p.artery_b_per_mmhg},
                                      {"tissue_transmission_factor", p.tissue_transmission_factor},
                                      {"true_lop_thigh_mmhg", r.lop_thigh_mmhg},
                                      {"true_lop_arm_mmhg", r.lop_arm_mmhg}};
  fmt::format_to(std::back_inserter(buf), "{}  {}", index == 0 ? "" : ",\n", obj.dump());
}

bool write_all(std::FILE* f, const fmt::memory_buffer& buf) {
  return std::fwrite(buf.data(), 1, buf.size(), f) == buf.size();
}

// Draws, simulates and writes the whole population to `f`; false on a
// write error (errno says which).
bool write_population(std::FILE* f, const SimPopulationOptions& options,
                      const sim::CohortSpec& cohort, Summary& summary) {
  fmt::memory_buffer buf;
  if (options.json) {
    fmt::format_to(std::back_inserter(buf), "[\n");
  } else {
    fmt::format_to(std::back_inserter(buf), "{}", kCsvHeader);
  }
  std::vector<Row> rows;
  for (std::size_t start = 0; start < options.n; start += kBlock) {
    const std::size_t count = std::min(kBlock, options.n - start);
    rows.assign(count, Row{});
    // Each person has their own random stream, so the rows are the same
    // however the work is split between the cores.
    sim::parallel_for(count, 0,
                      [&](std::size_t k) { rows[k] = make_row(cohort, options.seed, start + k); });
    for (std::size_t k = 0; k < count; ++k) {
      summary.add(rows[k]);
      if (options.json) {
        append_json(buf, start + k, rows[k]);
      } else {
        append_csv(buf, start + k, rows[k]);
      }
    }
    if (!write_all(f, buf)) return false;
    buf.clear();
  }
  if (options.json) fmt::format_to(std::back_inserter(buf), "\n]\n");
  return write_all(f, buf) && std::fflush(f) == 0;
}

void print_summary(const SimPopulationOptions& options, const Summary& s) {
  const auto line = [](const char* what, const Running& r, const char* unit) {
    fmt::print(stderr, "  {:<32} {:6.1f} +- {:5.1f} {}\n", what, r.mean(), r.sd(), unit);
  };
  fmt::print(stderr, "{} people, cohort {}, seed {} (mean +- SD)\n", options.n, options.cohort,
             options.seed);
  line("systolic", s.sbp, "mmHg");
  line("diastolic", s.dbp, "mmHg");
  line("heart rate", s.hr, "bpm");
  line("true LOP, thigh, 11.5 cm, seated", s.lop_thigh, "mmHg");
  line("true LOP, arm, 11.5 cm, seated", s.lop_arm, "mmHg");
}

}  // namespace

int run_sim_population(const SimPopulationOptions& options) {
  sim::CohortSpec cohort;
  if (!sim::cohort_by_name(options.cohort, cohort)) {
    fmt::print(stderr, "error: unknown cohort '{}' (known: general, young)\n", options.cohort);
    return 2;
  }
  if (options.n < 1 || options.n > kMaxPopulation) {
    fmt::print(stderr, "error: --n must be 1 to {}, not {}\n", kMaxPopulation, options.n);
    return 2;
  }

  Summary summary;
  if (options.out.empty()) {
    if (!write_population(stdout, options, cohort, summary)) {
      fmt::print(stderr, "error: writing to stdout failed: {}\n", std::strerror(errno));
      return 1;
    }
  } else {
    // Written beside the target and renamed into place only when complete,
    // so that a failed run never leaves a truncated population behind.
    const std::string tmp = options.out + ".tmp";
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (f == nullptr) {
      fmt::print(stderr, "error: cannot write {}: {}\n", tmp, std::strerror(errno));
      return 1;
    }
    bool ok = false;
    try {
      ok = write_population(f, options, cohort, summary);
    } catch (...) {
      std::fclose(f);
      std::remove(tmp.c_str());
      throw;
    }
    int err = ok ? 0 : errno;
    if (std::fclose(f) != 0 && ok) {
      ok = false;
      err = errno;
    }
    if (ok && std::rename(tmp.c_str(), options.out.c_str()) != 0) {
      ok = false;
      err = errno;
    }
    if (!ok) {
      std::remove(tmp.c_str());
      fmt::print(stderr, "error: cannot write {}: {}\n", options.out, std::strerror(err));
      return 1;
    }
  }
  print_summary(options, summary);
  return 0;
}

}  // namespace bfr::cli
