#include "NeuroTourLifecycle.h"

#include "vtkProcessModule.h"
#include "vtkSMProxyManager.h"

#include <cstdlib>

namespace
{
void FinalizeParaViewAtExit()
{
  if (vtkProcessModule::GetProcessModule())
  {
    vtkSMProxyManager::Finalize();
    vtkProcessModule::Finalize();
  }
}
} // namespace

void NeuroTourRegisterExitHandler()
{
  // The plugin may be loaded more than once in a process (client and server of a built-in
  // session): one handler is enough.
  static const bool registered = std::atexit(&FinalizeParaViewAtExit) == 0;
  (void)registered;
}
