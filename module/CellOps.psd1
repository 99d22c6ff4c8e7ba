@{
    # How the module loads (in this order): CellOps.SessionCheck.psm1 stops the import, naming both
    # builds, where this session already loaded another CellOps build (.NET cannot unload it or load
    # a second one beside it); CellOps.Types.psd1 then adds the type data (kept out of this manifest
    # because PowerShell adds a manifest's own type data before any of its code can run);
    # CellOps.Loader.dll then arranges that every library the module uses is loaded from lib/ into
    # CellOps' own load context, so other modules' versions of them cannot clash with ours; last the
    # cmdlets, CellOps.PowerShell.dll, which reference only CellOps and PowerShell.
    RootModule           = 'CellOps.PowerShell.dll'
    NestedModules        = @('CellOps.SessionCheck.psm1', 'CellOps.Types.psd1', 'CellOps.Loader.dll')
    ModuleVersion        = '0.1.0'
    GUID                 = '5b7e0c64-3f0e-4d0e-9a55-2f6b1c9e7a31'
    Author               = 'CellOps contributors'
    CompanyName          = 'CellOps'
    Copyright            = '(c) CellOps contributors. MIT licence.'
    Description          = 'Deep-learning image analysis of cell micrographs: import, tile, train and run model plugins from PowerShell.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('CellOps.format.ps1xml', 'CellOps.Models.format.ps1xml', 'CellOps.Training.format.ps1xml', 'CellOps.Reports.format.ps1xml')
    CmdletsToExport      = @(
        'Get-CellModel'
        'Import-Micrograph'
        'Split-Micrograph'
        'New-TileSet'
        'Start-CellTraining'
        'Invoke-CellModel'
        'Export-VirtualStain'
        'Export-CellReport'
        'Export-SegmentationFigure'
        'Export-Micrograph'
        'Export-ContactSheet'
        'Export-AttentionMap'
        'ConvertTo-CellModel'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('microscopy', 'deep-learning', 'segmentation', 'stem-cells', 'hematology', 'TorchSharp')
            ProjectUri = 'https://example.invalid/cellops'
        }
    }
}
