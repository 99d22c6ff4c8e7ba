@{
    RootModule           = 'CellOps.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b7e0c64-3f0e-4d0e-9a55-2f6b1c9e7a31'
    Author               = 'CellOps contributors'
    CompanyName          = 'CellOps'
    Copyright            = '(c) CellOps contributors. MIT licence.'
    Description          = 'Deep-learning image analysis of cell micrographs: import, tile, train and run model plugins from PowerShell.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
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
            Tags       = @('microscopy', 'deep-learning', 'segmentation', 'stem-cells', 'hematology', 'TorchSharp')
            ProjectUri = 'https://example.invalid/cellops'
        }
    }
}
