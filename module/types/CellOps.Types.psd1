# The type data of CellOps, loaded as a nested module of CellOps.psd1 after CellOps.SessionCheck.psm1
# (see there), and removed with CellOps. In a folder of its own: package tools take a .psd1 at the top
# of the module folder for the module's manifest.
@{
    ModuleVersion     = '0.1.0'
    GUID              = 'c7f3a0de-6b2e-4f43-9a0e-0d5e8b1f4c22'
    Description       = 'Type data of CellOps (nested module).'
    TypesToProcess    = @('../CellOps.types.ps1xml')
    FunctionsToExport = @()
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
