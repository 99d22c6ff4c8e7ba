HELP = {
    "name": "Get-CellModel",
    "synopsis": "Lists the models that the installed CellOps plugins offer, and the plugins that failed to load.",
    "description": """
Get-CellModel finds the plugins and emits one CellOps.PluginHost.ModelInfo per model they declare,
read from each plugin's plugin.json without running any plugin code: its qualified name (PluginId.ModelName, the name Start-CellTraining and Invoke-CellModel
take), the plugin and its version, the study it reproduces with its citation, the task, the input
(channels × tile size and normalisation), the tile target, the class names and the hyperparameters
(name, kind, range, default and what each does).

Plugins are searched for in this order: the module's own plugins folder (the built-in plugins), each
folder in the CELLOPS_PLUGIN_PATH environment variable (separated by ':' on Linux and macOS, ';' on
Windows; folders that do not exist are skipped), then each folder given with -PluginPath. A search
folder is either a plugin folder itself (it holds plugin.json) or a folder whose direct subfolders are
plugin folders. When two plugins have the same id, the first one found wins and the later one is
reported as shadowed.

Plugins are code that runs with your rights, so a plugin whose folder or files any user can write, or
that belong to another user (not you, not root), is not loaded (PluginLoadFailed, category
SecurityError, saying which file and why), nor is a relative CELLOPS_PLUGIN_PATH entry, which would
name a different folder wherever you work. To load such a folder anyway, name it (full path) in the
CELLOPS_TRUSTED_PLUGIN_PATH environment variable. The module's own plugins folder is trusted as the
module is.

A plugin's code runs only when one of its models is used (Start-CellTraining, Invoke-CellModel,
ConvertTo-CellModel, Export-AttentionMap), and only that plugin's: Status is Available until then and
Loaded after, in this session. The loaded plugin must describe itself exactly as its plugin.json does
(version, study, models, inputs, classes, hyperparameters); otherwise it is refused
(DeclarationMismatch, naming the first field that differs).

A plugin that cannot be used is a non-terminating error, PluginLoadFailed, whose target is the plugin
folder and whose message says what went wrong. Get-CellModel reports what can be known without running
plugin code: a plugin.json that is not valid JSON, lacks a field or declares no models, a missing
assembly, a plugin built for another CellOps.Sdk version, an untrusted folder. What shows only when the
code runs (a dependency missing from its folder, no entry type or more than one, a constructor that
throws, an id or models that differ from the manifest's) stops the cmdlet that uses the model with a
terminating PluginLoadFailed error, and later listings in the session show the plugin failed. The
other plugins are listed and work as usual. With -IncludeFailed a failed plugin also gets a row with
Status Failed and the Reason.

Listing models never starts TorchSharp's native backend and never loads a plugin assembly.
""",
    "syntax": [
        ["Name", "PluginPath", "IncludeFailed"],
    ],
    "parameters": [
        {"name": "Name", "type": "String[]", "position": "0", "globbing": True, "default": "all models",
         "description": "Model names to list: PluginId.ModelName or the bare ModelName, case-insensitive, with wildcards; Tab completes the qualified names of the installed models (and of those under a -PluginPath already typed). A name without wildcards that matches no model is a ModelNotFound error that lists the models there are."},
        {"name": "PluginPath", "type": "String[]",
         "description": "More folders to search for plugins, after the module's own plugins folder and CELLOPS_PLUGIN_PATH. Each is a plugin folder or a folder of plugin folders; relative paths are taken from the current location. A folder that does not exist is a terminating error (PluginPathNotFound)."},
        {"name": "IncludeFailed", "type": "SwitchParameter",
         "description": "Also emit a row for each plugin that failed to load, with Status Failed and the Reason."},
    ],
    "inputs": [("None", "Get-CellModel takes no pipeline input.")],
    "outputs": [("CellOps.PluginHost.ModelInfo", "One per model (and, with -IncludeFailed, one per failed plugin). Shown as a table of Name, Version, Task, Input and Status; Format-List shows the study, classes and hyperparameters.")],
    "notes": "Each plugin folder is loaded once per session: after rebuilding a plugin, start a new session to load the new build. Plugin authors: the version, study and models fields of plugin.json are written from the plugin itself with [CellOps.PluginHost.Manifest.PluginDeclaration]::Describe($plugin).ToJson().",
    "examples": [
        {"title": "Every model",
         "code": "Get-CellModel",
         "remarks": "The models of the built-in plugins and of the plugins in CELLOPS_PLUGIN_PATH."},
        {"title": "A third-party plugin from a build folder",
         "code": "Get-CellModel -PluginPath ./Contoso.CellOps.TinyClassifier/bin/plugin",
         "remarks": "Loads the plugin built into that folder (which holds plugin.json) and lists its models."},
        {"title": "Hyperparameters of one model",
         "code": "(Get-CellModel TinyClassifier.TileCnn).HyperParameters",
         "remarks": "Each hyperparameter's name, kind, range, default and description: what Start-CellTraining accepts and searches."},
        {"title": "Why did a plugin not load?",
         "code": "Get-CellModel -IncludeFailed | Where-Object Status -eq Failed | ForEach-Object Reason",
         "remarks": "One line per failed plugin naming its folder and the cause."},
    ],
    "links": ["about_CellOps"],
}
