@{
    RootModule        = 'SkiaClash.dll'
    ModuleVersion     = '1.0.0'
    GUID              = '3d0b8a51-93f4-4c1e-8f8e-5a0f1e7b2c64'
    Description       = 'Test module: draws with SkiaSharp 2.88 from the default load context.'
    CmdletsToExport   = @('New-SkiaClashImage')
    FunctionsToExport = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
