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

// Registered by the plugin's initializer, never by a static initializer of a module library:
// the GUI, given the plugin's folder in PV_PLUGIN_PATH, opens every library there and closes
// those that are not plugins, and closing a library runs the exit handlers it registered,
// which finalized ParaView during start-up (a crash in vtkInitializationHelper::LoadSettings).
void NeuroTourRegisterExitHandler()
{
  // The plugin may be loaded more than once in a process (client and server of a built-in
  // session): one handler is enough.
  static const bool registered = std::atexit(&FinalizeParaViewAtExit) == 0;
  (void)registered;
}
