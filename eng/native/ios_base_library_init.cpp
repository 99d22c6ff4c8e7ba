// CellOps: the one C++ runtime symbol TorchSharp's native library needs beyond GCC 12's libstdc++.
//
// libLibTorchSharp.so was built with GCC 13, whose headers call std::ios_base_library_init() (symbol
// version GLIBCXX_3.4.32) to set up the standard streams. GCC 12's runtime (Debian 12, Ubuntu 22.04)
// sets them up the older way, through std::ios_base::Init objects; this library supplies the symbol
// with exactly that. The build places it beside libLibTorchSharp.so and names it as a dependency there
// (see TorchNativeCompat.cs), only on machines whose libstdc++ lacks the symbol.
#include <ios>

namespace std
{
    __attribute__((visibility("default"))) void ios_base_library_init();

    void ios_base_library_init()
    {
        static ios_base::Init init;
    }
}
