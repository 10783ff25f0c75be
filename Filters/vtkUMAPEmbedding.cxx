#include "vtkUMAPEmbedding.h"

#include "UMAP.h"
#include "UMAPFilterOptions.h"
#include "vtkSampleTable.h"

#include "vtkDataSetAttributes.h"
#include "vtkDoubleArray.h"
#include "vtkFieldData.h"
#include "vtkFloatArray.h"
#include "vtkLogger.h"
#include "vtkObjectFactory.h"
#include "vtkTable.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace
{
using Clock = std::chrono::steady_clock;

/// ComputeUMAP's stages, by the progress fraction at which each ends.
struct Stage
{
  const char* Name;
  double End;
};
constexpr Stage Stages[] = { { "neighbours", 0.4 }, { "graph", 0.45 }, { "initialisation", 0.5 },
  { "optimisation", 0.98 }, { "loss", 1.0 } };
constexpr int StageCount = sizeof(Stages) / sizeof(Stages[0]);

int StageAt(double fraction)
{
  int stage = 0;
  while (stage < StageCount - 1 && fraction >= Stages[stage].End - 1e-9)
  {
    ++stage;
  }
  return stage;
}

/// Seconds spent in each stage of one UMAP, from its progress reports (on its own thread).
class StageClock
{
public:
  StageClock()
    : Start(Clock::now())
  {
  }

  void Report(double fraction)
  {
    const int stage = StageAt(fraction);
    for (; this->Current < stage; ++this->Current)
    {
      const auto now = Clock::now();
      this->Seconds[this->Current] = std::chrono::duration<double>(now - this->Start).count();
      this->Start = now;
    }
  }

  /// "neighbours 4.9 s, graph 0.1 s, ..." once the UMAP has finished.
  std::string Summary()
  {
    this->Report(1.0);
    this->Seconds[StageCount - 1] =
      std::chrono::duration<double>(Clock::now() - this->Start).count();
    std::ostringstream text;
    text.precision(3);
    for (int s = 0; s < StageCount; ++s)
    {
      text << (s ? ", " : "") << Stages[s].Name << " " << this->Seconds[s] << " s";
    }
    return text.str();
  }

private:
  Clock::time_point Start;
  int Current = 0;
  double Seconds[StageCount] = {};
};

/// One table's UMAP: its inputs, read on the pipeline thread.
struct Job
{
  vtkSmartPointer<vtkFloatArray> Features;
  vtkSmartPointer<vtkFloatArray> Start;
  neurotour::UMAPOptions Options;

  neurotour::ConstMatrixMap Data() const
  {
    return neurotour::ConstMatrixMap(this->Features->GetPointer(0),
      this->Features->GetNumberOfTuples(), this->Features->GetNumberOfComponents());
  }
};
} // namespace

struct vtkUMAPEmbedding::vtkInternals
{
  /// What PrepareTables computed, taken by ProcessTable.
  std::map<vtkTable*, std::pair<neurotour::UMAPOptions, neurotour::UMAPResult>> Prepared;
};

vtkStandardNewMacro(vtkUMAPEmbedding);

//------------------------------------------------------------------------------
vtkUMAPEmbedding::vtkUMAPEmbedding()
  : Internals(new vtkInternals)
{
}

vtkUMAPEmbedding::~vtkUMAPEmbedding() = default;

//------------------------------------------------------------------------------
namespace
{
/// The features, options and starting layout of `input`; throws naming what is wrong.
Job MakeJob(vtkUMAPEmbedding* filter, vtkTable* input,
  const std::function<vtkSmartPointer<vtkFloatArray>(vtkTable*, const char*, const std::string&)>&
    require)
{
  Job job;
  job.Features = require(input, filter->GetArrayName(), std::string());
  neurotour::tables::FillUMAPOptions(filter, job.Options);
  if (filter->GetInitialization() == vtkUMAPAlgorithm::ARRAY)
  {
    job.Start = require(input, filter->GetInitializationArray(), "Initialization array: ");
    if (job.Start->GetNumberOfComponents() != filter->GetNumberOfComponents())
    {
      throw std::invalid_argument(std::string("The initialization array '") +
        filter->GetInitializationArray() + "' has " +
        std::to_string(job.Start->GetNumberOfComponents()) + " components; NumberOfComponents is " +
        std::to_string(filter->GetNumberOfComponents()));
    }
    job.Options.InitializationArray = job.Start->GetPointer(0);
  }
  return job;
}
} // namespace

//------------------------------------------------------------------------------
bool vtkUMAPEmbedding::PrepareTables(
  const std::vector<vtkTable*>& tables, const std::vector<std::string>& names)
{
  this->Internals->Prepared.clear();
  const int threads = neurotour::ResolveThreadCount(this->NumberOfThreads);
  const int concurrent = std::min<int>(static_cast<int>(tables.size()), threads);
  if (concurrent < 2)
  {
    return true; // one table or one thread: ProcessTable embeds each in turn, on every thread
  }
  // Layers side by side, each on its share of the threads: the stages that do not scale
  // (graph, spectral initialisation, input conversion) then overlap, and the SGD's threads do
  // not contend for the same rows. Inputs are read here, on the pipeline thread.
  const auto require = [this](vtkTable* table, const char* name, const std::string& role) {
    return this->RequireFeatures(table, name, role);
  };
  std::vector<Job> jobs;
  for (std::size_t t = 0; t < tables.size(); ++t)
  {
    try
    {
      jobs.push_back(MakeJob(this, tables[t], require));
    }
    catch (const std::exception& error)
    {
      throw std::runtime_error(std::string(error.what()) + " (block '" + names[t] + "')");
    }
    jobs.back().Options.NumberOfThreads = threads / concurrent;
  }

  const std::size_t count = jobs.size();
  std::vector<neurotour::UMAPResult> results(count);
  std::vector<std::atomic<double>> progress(count);
  std::vector<std::string> errors(count);
  std::vector<std::string> summaries(count);
  std::atomic<std::size_t> next{ 0 };
  std::atomic<std::size_t> finished{ 0 };
  std::atomic<bool> aborted{ false };
  std::mutex mutex;
  std::condition_variable done;
  auto work = [&]() {
    for (std::size_t j = next++; j < count; j = next++)
    {
      StageClock clock;
      try
      {
        results[j] = neurotour::ComputeUMAP(jobs[j].Data(), jobs[j].Options, [&](double f) {
          progress[j] = f;
          clock.Report(f);
          return !aborted.load();
        });
        summaries[j] = clock.Summary();
      }
      catch (const std::exception& error)
      {
        errors[j] = error.what();
      }
      progress[j] = 1.0;
      std::lock_guard<std::mutex> lock(mutex);
      ++finished;
      done.notify_one();
    }
  };
  std::vector<std::thread> workers;
  for (int w = 0; w < concurrent; ++w)
  {
    workers.emplace_back(work);
  }
  // The pipeline thread reports progress (ParaView's handler is not thread-safe) and relays
  // an abort to the workers.
  std::size_t logged = 0;
  std::vector<bool> reported(count, false);
  for (;;)
  {
    {
      std::unique_lock<std::mutex> lock(mutex);
      done.wait_for(lock, std::chrono::milliseconds(100), [&] { return finished == count; });
    }
    double total = 0.0;
    std::ostringstream text;
    text << "UMAP: " << finished.load() << " of " << count << " layers";
    for (std::size_t j = 0; j < count; ++j)
    {
      const double f = progress[j];
      total += f;
      if (f > 0.0 && f < 1.0)
      {
        text << "; " << names[j] << ": " << Stages[StageAt(f)].Name;
      }
      if (f >= 1.0 && !reported[j] && errors[j].empty() && !summaries[j].empty())
      {
        reported[j] = true;
        ++logged;
        vtkLog(INFO, "UMAP Embedding, block '" << names[j] << "' (" << jobs[j].Data().rows()
                                               << " x " << jobs[j].Data().cols() << ", "
                                               << jobs[j].Options.NumberOfThreads
                                               << " threads): " << summaries[j]);
      }
    }
    this->SetProgressText(text.str().c_str());
    if (!this->ReportProgress(total / count))
    {
      aborted = true;
    }
    if (finished == count)
    {
      break;
    }
  }
  for (auto& worker : workers)
  {
    worker.join();
  }
  this->SetProgressText(nullptr);
  if (aborted)
  {
    return false;
  }
  for (std::size_t j = 0; j < count; ++j)
  {
    if (!errors[j].empty())
    {
      throw std::runtime_error(errors[j] + " (block '" + names[j] + "')");
    }
    this->Internals->Prepared.emplace(
      tables[j], std::make_pair(jobs[j].Options, std::move(results[j])));
  }
  return true;
}

//------------------------------------------------------------------------------
bool vtkUMAPEmbedding::ProcessTable(vtkTable* input, vtkDataObject* outputObject)
{
  const auto require = [this](vtkTable* table, const char* name, const std::string& role) {
    return this->RequireFeatures(table, name, role);
  };
  neurotour::UMAPOptions options;
  neurotour::UMAPResult result;
  const auto prepared = this->Internals->Prepared.find(input);
  if (prepared != this->Internals->Prepared.end())
  {
    options = prepared->second.first;
    result = std::move(prepared->second.second);
    this->Internals->Prepared.erase(prepared);
  }
  else
  {
    const Job job = MakeJob(this, input, require);
    options = job.Options;
    StageClock clock;
    const auto progress = this->ProgressCallback();
    result = neurotour::ComputeUMAP(job.Data(), job.Options, [&](double f) {
      clock.Report(f);
      return progress(f);
    });
    vtkLog(INFO, "UMAP Embedding" << this->CurrentBlockName() << " (" << job.Data().rows()
                                  << " x " << job.Data().cols() << "): " << clock.Summary());
  }

  const auto n = static_cast<vtkIdType>(result.Embedding.rows());
  vtkNew<vtkFloatArray> embedding;
  embedding->SetName("Embedding");
  embedding->SetNumberOfComponents(this->NumberOfComponents);
  embedding->SetNumberOfTuples(n);
  std::copy(result.Embedding.data(), result.Embedding.data() + result.Embedding.size(),
    embedding->GetPointer(0));
  auto* output = vtkTable::SafeDownCast(outputObject);
  output->ShallowCopy(input);
  // AddArray replaces a same-named column in place (e.g. an Embedding from PCA upstream).
  output->GetRowData()->AddArray(embedding);
  vtkNew<vtkDoubleArray> loss;
  loss->SetName("UMAPLoss");
  loss->InsertNextValue(result.Loss);
  output->GetFieldData()->AddArray(loss);
  neurotour::tables::WriteUMAPParameters(options, output->GetFieldData());
  vtkSampleTable::MarkColumns(output);
  return true;
}
