@{
    # How the module loads (in this order): CellOps.SessionCheck.psm1 stops the import, naming both
    # builds, where this session already loaded another CellOps build (.NET cannot unload it or load
    # a second one beside it); types/CellOps.Types.psd1 then adds the type data (kept out of this manifest
    # because PowerShell adds a manifest's own type data before any of its code can run);
    # CellOps.Loader.dll then arranges that every library the module uses is loaded from lib/ into
    # CellOps' own load context, so other modules' versions of them cannot clash with ours; last the
    # cmdlets, CellOps.PowerShell.dll, which reference only CellOps and PowerShell.
    RootModule           = 'CellOps.PowerShell.dll'
    NestedModules        = @('CellOps.SessionCheck.psm1', 'types/CellOps.Types.psd1', 'CellOps.Loader.dll')
    ModuleVersion        = '0.1.0'
    GUID                 = '5b7e0c64-3f0e-4d0e-9a55-2f6b1c9e7a31'
    Author               = 'CellOps contributors'
    CompanyName          = 'CellOps'
    Copyright            = '(c) CellOps contributors. MIT licence.'
    Description          = 'Deep-learning image analysis of cell micrographs: import, tile, train and run model plugins from PowerShell. Linux x64 only (PowerShell 7.4 or later): the module carries native libtorch, OpenCV and Skia libraries built for linux-x64, and its import stops with a clear error on any other platform.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    ScriptsToProcess     = @('CellOps.Platform.ps1')
    FormatsToProcess     = @('CellOps.format.ps1xml', 'CellOps.Models.format.ps1xml', 'CellOps.Training.format.ps1xml', 'CellOps.Reports.format.ps1xml', 'CellOps.Jobs.format.ps1xml')
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
        'New-CellSigningKey'
        'Set-CellModelSignature'
        'Get-CellModelSignature'
        'Submit-CellJob'
        'Get-CellJob'
        'Wait-CellJob'
        'Receive-CellJob'
        'Stop-CellJob'
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
