// API surface: nanoFramework.Runtime.Events 1.11.39, assembly nanoFramework.Runtime.Events.
// No member of this assembly is used by the device code yet. It is here because a package the device projects
// reference depends on it (see Surface.xml), so the projects reference it and the build deploys it. It declares
// nothing here: add a member only when device code needs it, typed from the package's source at this version.

