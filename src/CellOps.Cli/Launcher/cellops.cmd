@echo off
rem cellops launcher: runs the CellOps host that the build puts in host\ beside this file.
"%~dp0host\cellops.exe" %*
exit /b %ERRORLEVEL%
