// What the NeuroTour plugin does when it is loaded (paraview_add_plugin INITIALIZERS).
#ifndef NeuroTourLifecycle_h
#define NeuroTourLifecycle_h

/// Makes pvpython/pvbatch scripts that loaded the plugin exit with their own exit code.
///
/// A script that calls sys.exit() leaves ParaView to be torn down by static destructors after
/// Mesa and X are gone, and Debian's build then ends with a GLXBadContext X error or a crash
/// (exit code 1 or 139) instead of the script's code. This registers, once per process, an
/// exit() handler that runs before those destructors and finalizes the server manager as
/// pvpython does when a script ends normally (by then the process module is gone and the
/// handler does nothing).
void NeuroTourRegisterExitHandler();

#endif
