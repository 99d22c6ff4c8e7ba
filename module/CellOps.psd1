@{
    RootModule           = 'CellOps.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b7e0c64-3f0e-4d0e-9a55-2f6b1c9e7a31'
    Author               = 'CellOps contributors'
    CompanyName          = 'CellOps'
    Copyright            = '(c) CellOps contributors. MIT licence.'
    Description          = 'Deep-learning image analysis of cell micrographs: import, tile, train and run model plugins from PowerShell. Linux x64 only (PowerShell 7.4 or later): the module carries native libtorch, OpenCV and Skia libraries built for linux-x64, and its import stops with a clear error on any other platform.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    ScriptsToProcess     = @('CellOps.Platform.ps1')
    FormatsToProcess     = @('CellOps.format.ps1xml', 'CellOps.Models.format.ps1xml', 'CellOps.Training.format.ps1xml', 'CellOps.Reports.format.ps1xml')
    TypesToProcess       = @('CellOps.types.ps1xml')
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
            Tags                     = @('microscopy', 'deep-learning', 'segmentation', 'stem-cells', 'hematology', 'TorchSharp', 'PSEdition_Core', 'Linux')
            # MIT: the text is in the module folder's LICENSE and needs no acceptance. CellOps has no
            # public site yet, so ProjectUri, LicenseUri and HelpInfoUri are absent here; whoever
            # publishes passes them to build.ps1 -Pack, which writes them into the packed copy only.
            RequireLicenseAcceptance = $false
        }
    }
}
